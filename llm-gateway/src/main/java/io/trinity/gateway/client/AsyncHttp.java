package io.trinity.gateway.client;

import io.trinity.gateway.api.GatewayException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/** Sends a request asynchronously and decodes its reply, or its transport failure, into a result. */
public final class AsyncHttp {
    private AsyncHttp() {}

    /**
     * Completing our own future (rather than throwing inside a stage) hands callers the decoder's
     * {@link GatewayException} itself instead of a CompletionException around it.
     */
    public static <T> CompletableFuture<T> send(HttpClient http, HttpRequest request,
            BiFunction<HttpResponse<byte[]>, Throwable, T> decode) {
        CompletableFuture<T> result = new CompletableFuture<>();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
            try {
                result.complete(decode.apply(response, error));
            } catch (GatewayException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
