package io.trinity.gateway.upstream;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.RetryAfter;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.http.HttpOrigin;
import io.trinity.gateway.http.HttpReply;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One provider URL: POSTs a body there over kept-alive connections, turns transport failures into the gateway's
 * retryable timeout and connection errors, and keeps the API key out of every message, since some providers echo
 * a rejected key back in their error text.
 */
final class Endpoint implements AutoCloseable {

    private static final String REDACTED = "[redacted]";

    private final URI url;
    private final String path;
    private final Duration timeout;
    private final String secret;
    private final HttpOrigin origin;

    /** {@code path} under the entry's base URL, with the entry's timeout; {@code secret} is its API key or null. */
    Endpoint(RemoteModelSpec spec, String path, EventLoops loops, String secret) {
        this.url = URI.create(spec.baseUrl().toString().replaceAll("/+$", "") + path);
        this.path = url.getRawQuery() == null ? url.getRawPath() : url.getRawPath() + "?" + url.getRawQuery();
        this.timeout = spec.limits().timeout();
        this.secret = secret == null || secret.isEmpty() ? null : secret;
        this.origin = new HttpOrigin(url, loops, timeout);
    }

    /**
     * The decoded reply; the future fails with the decoder's {@link GatewayException} itself (not wrapped), or
     * with a status-0 {@code timeout} or {@code connection_error}.
     */
    CompletableFuture<ProviderReply> post(Map<String, String> headers, byte[] body,
            Function<HttpReply, ProviderReply> decode) {
        CompletableFuture<ProviderReply> result = new CompletableFuture<>();
        origin.post(path, headers, body, timeout).whenComplete((reply, error) -> {
            try {
                result.complete(decode.apply(transported(reply, error)));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** The wait a 429 or 503 reply asks for (OpenAI's {@code retry-after-ms}, else {@code Retry-After}), or null. */
    static Duration retryAfter(HttpReply reply) {
        return RetryAfter.parse(reply.header("retry-after-ms"), reply.header("retry-after"));
    }

    String redact(String message) {
        return secret == null || message == null ? message : message.replace(secret, REDACTED);
    }

    @Override
    public void close() {
        origin.close();
    }

    @Override
    public String toString() {
        return url.toString();
    }

    private HttpReply transported(HttpReply reply, Throwable error) {
        if (error == null) {
            return reply;
        }
        throw GatewayException.noReply(url, timeout, error, this::redact);
    }
}
