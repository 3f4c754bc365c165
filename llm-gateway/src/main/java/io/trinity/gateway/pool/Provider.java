package io.trinity.gateway.pool;

import io.trinity.gateway.api.ChatRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the requests for one pool model. Implementations must not block the calling thread while the model
 * "thinks": the gateway calls them from a small executor and relies on the future to finish the exchange.
 */
public interface Provider extends AutoCloseable {

    CompletableFuture<ProviderReply> complete(ChatRequest request);

    @Override
    default void close() {
    }
}
