package io.trinity.gateway.pool;

import io.trinity.gateway.api.ChatRequest;
import java.util.concurrent.CompletableFuture;

/**
 * Serves the requests for one pool model. Implementations must not block the calling thread while the model
 * "thinks": the gateway calls them from a small executor and relies on the future to finish the exchange.
 */
public interface Provider extends AutoCloseable {

    CompletableFuture<ProviderReply> complete(ChatRequest request);

    /**
     * The same call, with the reply's text handed to {@code deltas} in pieces, in order, as the upstream produces
     * them (and its reasoning and early token counts, where the upstream streams them); the future then completes
     * with the whole reply (its content the text pieces joined). A provider that cannot stream hands over the
     * whole content as one piece when it arrives, which is what this default does. A failure may come after some
     * pieces: the caller decides what that means (the gateway never retries then).
     */
    default CompletableFuture<ProviderReply> stream(ChatRequest request, StreamSink deltas) {
        return complete(request).thenApply(reply -> {
            if (!reply.content().isEmpty()) {
                deltas.accept(reply.content());
            }
            return reply;
        });
    }

    @Override
    default void close() {
    }
}
