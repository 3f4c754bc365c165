package io.trinity.gateway.client;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Precedence;
import io.trinity.gateway.api.Usage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A {@link PoolClient} for any OpenAI-compatible chat-completions endpoint (the Trinity gateway, OpenAI, vLLM, ...).
 * The API key goes only into the Authorization header: it is kept out of toString() and redacted from error
 * messages, because some providers echo a rejected key back in their error text.
 */
public final class OpenAiClient implements PoolClient {

    private static final String REDACTED = "[redacted]";

    private final URI baseUrl;
    private final URI completionsUrl;
    private final String apiKey;
    private final Duration requestTimeout;
    private final HttpClient http;
    private volatile boolean closed;

    private OpenAiClient(Builder b) {
        String base = b.baseUrl.toString().replaceAll("/+$", "");
        this.baseUrl = URI.create(base);
        this.completionsUrl = URI.create(base + "/chat/completions");
        this.apiKey = b.apiKey == null || b.apiKey.isEmpty() ? null : b.apiKey;
        this.requestTimeout = b.requestTimeout;
        // Plain-http HTTP/2 would make the client try an h2c upgrade that servers such as the JDK's ignore at best;
        // over TLS, HTTP/2 is negotiated properly and multiplexes the many concurrent calls on one connection.
        this.http = HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(baseUrl.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("OpenAiClient for " + baseUrl + " is closed"));
        }
        return AsyncHttp.send(http, httpRequest(request, OpenAiJson.writeRequest(request), "application/json"),
                this::decode);
    }

    /**
     * Sends the call with {@code stream: true} and reads the server-sent events as they arrive, handing each
     * content delta to {@code deltas}. The future fails with the server's HTTP error when the stream never
     * started, with the error event's error (status 502) when the stream ended with one, and with a
     * {@code connection_error} when it ended without {@code [DONE]}.
     */
    @Override
    public CompletableFuture<ChatResponse> chatStreaming(ChatRequest request, Consumer<String> deltas) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("OpenAiClient for " + baseUrl + " is closed"));
        }
        SseReader reader = new SseReader(deltas);
        HttpResponse.BodyHandler<byte[]> handler = info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.fromLineSubscriber(reader, r -> null, StandardCharsets.UTF_8, null)
                : HttpResponse.BodySubscribers.ofByteArray();
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        http.sendAsync(httpRequest(request, OpenAiJson.writeStreamRequest(request), "text/event-stream"), handler)
                .whenComplete((response, error) -> {
                    try {
                        if (error != null || response.statusCode() != 200) {
                            result.complete(decode(response, error));
                        } else {
                            result.complete(reader.reply());
                        }
                    } catch (GatewayException e) {
                        result.completeExceptionally(e);
                    } catch (RuntimeException e) {
                        result.completeExceptionally(new GatewayException(502, "invalid_response",
                                redact(e.getMessage())));
                    }
                });
        return result;
    }

    private HttpRequest httpRequest(ChatRequest request, byte[] body, String accept) {
        HttpRequest.Builder httpRequest = HttpRequest.newBuilder(completionsUrl)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            httpRequest.header("Authorization", "Bearer " + apiKey);
        }
        if (request.precedence() != Precedence.REQUEST) {
            httpRequest.header(Precedence.HEADER, request.precedence().wireName());
        }
        CallTags tags = request.tags();
        if (tags.role() != null) {
            httpRequest.header(CallTags.ROLE_HEADER, tags.role());
        }
        if (tags.generation() != null) {
            httpRequest.header(CallTags.GENERATION_HEADER, tags.generation().toString());
        }
        return httpRequest.build();
    }

    /** The events of one streamed reply: the text so far, its finish reason and usage, and how it ended. */
    private final class SseReader implements Flow.Subscriber<String> {
        private final Consumer<String> deltas;
        private final StringBuilder content = new StringBuilder();
        private String finishReason;
        private Usage usage;
        private GatewayException error;
        private boolean done;

        SseReader(Consumer<String> deltas) {
            this.deltas = deltas;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (!line.startsWith("data:") || done || error != null) {
                return;
            }
            String data = line.substring("data:".length()).strip();
            if (data.equals("[DONE]")) {
                done = true;
                return;
            }
            OpenAiJson.StreamChunk chunk;
            try {
                chunk = OpenAiJson.readChunk(data);
            } catch (GatewayException e) {
                error = e;
                return;
            }
            if (chunk.error() != null) {
                GatewayException e = chunk.error();
                error = new GatewayException(e.status(), e.type(), redact(e.getMessage()), e.param(), e.code());
                return;
            }
            if (chunk.content() != null && !chunk.content().isEmpty()) {
                content.append(chunk.content());
                deltas.accept(chunk.content());
            }
            if (chunk.finishReason() != null) {
                finishReason = chunk.finishReason();
            }
            if (chunk.usage() != null) {
                usage = chunk.usage();
            }
        }

        @Override
        public void onError(Throwable throwable) {
        }

        @Override
        public void onComplete() {
        }

        /** Called once the body ended: the reply, or why there is none. */
        ChatResponse reply() {
            if (error != null) {
                throw error;
            }
            if (!done) {
                throw new GatewayException(0, "connection_error", "the stream from " + completionsUrl
                        + " ended without [DONE]");
            }
            return new ChatResponse("", "", content.toString(), finishReason, usage);
        }
    }

    private ChatResponse decode(HttpResponse<byte[]> response, Throwable error) {
        if (error != null) {
            throw GatewayException.noReply(completionsUrl, requestTimeout, error instanceof CompletionException
                    && error.getCause() != null ? error.getCause() : error, this::redact);
        }
        return OpenAiJson.readReply(response.statusCode(), response.body(), RetryAfter.parse(response.headers()),
                this::redact);
    }

    private String redact(String message) {
        return apiKey == null || message == null ? message : message.replace(apiKey, REDACTED);
    }

    /** Further calls fail; calls in flight still complete (the JDK client frees its resources when unreachable). */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "OpenAiClient[" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : REDACTED) + "]";
    }

    public static final class Builder {
        private URI baseUrl;
        private String apiKey;
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The API root, ending with {@code /v1}; {@code /chat/completions} is appended to it. */
        public Builder baseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Sent as {@code Authorization: Bearer <key>}; null or empty sends no Authorization header. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
            return this;
        }

        public OpenAiClient build() {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!baseUrl.isAbsolute() || !baseUrl.getScheme().matches("(?i)https?")) {
                throw new IllegalArgumentException("baseUrl must be an absolute http(s) URI, got " + baseUrl);
            }
            return new OpenAiClient(this);
        }
    }
}
