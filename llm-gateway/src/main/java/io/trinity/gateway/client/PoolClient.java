package io.trinity.gateway.client;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Asynchronous access to the pool. A failed call completes the future exceptionally with a
 * {@link io.trinity.gateway.api.GatewayException}; callers never block a thread per call.
 */
public interface PoolClient extends AutoCloseable {

    CompletableFuture<ChatResponse> chat(ChatRequest request);

    @Override
    void close();
}
