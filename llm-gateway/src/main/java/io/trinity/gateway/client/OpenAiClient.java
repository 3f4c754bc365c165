package io.trinity.gateway.client;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

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
        HttpRequest.Builder httpRequest = HttpRequest.newBuilder(completionsUrl)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(OpenAiJson.writeRequest(request)));
        if (apiKey != null) {
            httpRequest.header("Authorization", "Bearer " + apiKey);
        }
        CallTags tags = request.tags();
        if (tags.role() != null) {
            httpRequest.header(CallTags.ROLE_HEADER, tags.role());
        }
        if (tags.generation() != null) {
            httpRequest.header(CallTags.GENERATION_HEADER, tags.generation().toString());
        }
        return AsyncHttp.send(http, httpRequest.build(), this::decode);
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
