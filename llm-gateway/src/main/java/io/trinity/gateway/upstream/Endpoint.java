package io.trinity.gateway.upstream;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.RetryAfter;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.http.EventStreamDecoder;
import io.trinity.gateway.http.HttpOrigin;
import io.trinity.gateway.http.HttpReply;
import io.trinity.gateway.http.StreamedBody;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.StreamSink;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    /**
     * A streamed call: a 2xx {@code text/event-stream} reply is read event by event by {@code decoder} as it
     * arrives, which hands its pieces to the sink it was made with and gives the reply at the end. Any other reply
     * is read whole by {@code whole}: an error as {@link #post} reads it, and a 2xx the server did not stream (some
     * OpenAI-compatible servers ignore {@code stream}) as one piece handed to {@code sink}. The future fails as
     * {@link #post}'s does, also after some pieces, and with the decoder's error when an event was one.
     */
    CompletableFuture<ProviderReply> stream(Map<String, String> headers, byte[] body,
            Function<HttpReply, ProviderReply> whole, StreamDecoder decoder, StreamSink sink) {
        Map<String, String> withAccept = new HashMap<>(headers);
        withAccept.put("Accept", "text/event-stream");
        AtomicBoolean streamed = new AtomicBoolean();
        AtomicReference<RuntimeException> broken = new AtomicReference<>();
        EventStreamDecoder events = new EventStreamDecoder(decoder::event);
        StreamedBody reader = new StreamedBody() {
            @Override
            public boolean accepts(int status, Map<String, String> replyHeaders) {
                String type = replyHeaders.getOrDefault("content-type", "");
                streamed.set(status / 100 == 2 && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream"));
                return streamed.get();
            }

            @Override
            public void piece(byte[] bytes) {
                try {
                    events.accept(bytes);
                } catch (RuntimeException e) {
                    // Thrown on, it ends the call and closes the connection; the error itself is kept here.
                    broken.compareAndSet(null, e);
                    throw e;
                }
            }
        };
        CompletableFuture<ProviderReply> result = new CompletableFuture<>();
        origin.postStreaming(path, withAccept, body, timeout, reader).whenComplete((reply, error) -> {
            try {
                if (broken.get() != null) {
                    throw readable(broken.get());
                }
                HttpReply transported = transported(reply, error);
                if (streamed.get()) {
                    result.complete(decoder.end());
                    return;
                }
                ProviderReply answer = whole.apply(transported);
                if (!answer.content().isEmpty()) {
                    sink.accept(answer.content());
                }
                result.complete(answer);
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

    private RuntimeException readable(RuntimeException e) {
        return e instanceof GatewayException g ? new GatewayException(g.status(), g.type(), redact(g.getMessage()),
                g.param(), g.code(), g.retryAfter())
                : new GatewayException(502, "invalid_response", "unreadable stream from " + url + ": " + redact(
                        String.valueOf(e.getMessage())));
    }

    private HttpReply transported(HttpReply reply, Throwable error) {
        if (error == null) {
            return reply;
        }
        throw GatewayException.noReply(url, timeout, error, this::redact);
    }
}
