package io.trinity.gateway.client;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Asynchronous access to the pool. A failed call completes the future exceptionally with a
 * {@link io.trinity.gateway.api.GatewayException}; callers never block a thread per call.
 */
public interface PoolClient extends AutoCloseable {

    CompletableFuture<ChatResponse> chat(ChatRequest request);

    /**
     * The same call, streamed: {@code deltas} gets the reply's text in pieces, in order, as the server relays them,
     * and the future completes with the whole reply. A failure may come after some pieces (a stream cut upstream).
     * This default, for clients that cannot stream, hands over the whole text as one piece when it arrives.
     */
    default CompletableFuture<ChatResponse> chatStreaming(ChatRequest request, Consumer<String> deltas) {
        return chat(request).thenApply(response -> {
            if (response.content() != null && !response.content().isEmpty()) {
                deltas.accept(response.content());
            }
            return response;
        });
    }

    @Override
    void close();
}
