package io.trinity.gateway.client;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Precedence;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.http.EventStreamDecoder;
import io.trinity.gateway.http.HttpOrigin;
import io.trinity.gateway.http.HttpReply;
import io.trinity.gateway.http.StreamedBody;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link PoolClient} for any OpenAI-compatible chat-completions endpoint (the Trinity gateway, OpenAI, vLLM, ...).
 * The API key goes only into the Authorization header: it is kept out of toString() and redacted from error
 * messages, because some providers echo a rejected key back in their error text.
 *
 * <p>Calls go over HTTP/1.1 kept-alive connections on one Netty event loop of the client's own ({@link HttpOrigin},
 * as the gateway speaks to its upstreams): a reply is read and decoded on that loop and handed to the caller's
 * stages from there. The JDK's HttpClient, used before, passed every call through its selector thread, a worker
 * and a completion stage on yet another thread; on a training run's hundreds of thousands of loopback calls those
 * hand-overs were most of the client's cost (docs/BENCHMARKS.md, "Demo-size training throughput").
 */
public final class OpenAiClient implements PoolClient {

    private static final String REDACTED = "[redacted]";
    /**
     * One loop carries a client's calls: loopback calls to the gateway take microseconds of its time each, and
     * the episodes' own work runs on the callers' threads.
     */
    private static final int LOOP_THREADS = 1;

    private final URI baseUrl;
    private final URI completionsUrl;
    private final String completionsPath;
    private final String apiKey;
    private final Duration requestTimeout;
    private final EventLoops loops;
    private final HttpOrigin origin;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closed;

    private OpenAiClient(Builder b) {
        String base = b.baseUrl.toString().replaceAll("/+$", "");
        this.baseUrl = URI.create(base);
        this.completionsUrl = URI.create(base + "/chat/completions");
        this.completionsPath = completionsUrl.getRawPath() + (completionsUrl.getRawQuery() == null ? ""
                : "?" + completionsUrl.getRawQuery());
        this.apiKey = b.apiKey == null || b.apiKey.isEmpty() ? null : b.apiKey;
        this.requestTimeout = b.requestTimeout;
        this.loops = new EventLoops(LOOP_THREADS, "trinity-pool-client");
        this.origin = new HttpOrigin(baseUrl, loops, requestTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
        return send(() -> origin.post(completionsPath, headers(request, "application/json"),
                OpenAiJson.writeRequest(request), requestTimeout), this::decode);
    }

    /**
     * Sends the call with {@code stream: true} and reads the server-sent events as they arrive, handing each
     * content delta to {@code deltas}. The future fails with the server's HTTP error when the stream never
     * started, with the error event's error (status 502) when the stream ended with one, and with a
     * {@code connection_error} when it ended without {@code [DONE]}.
     */
    @Override
    public CompletableFuture<ChatResponse> chatStreaming(ChatRequest request, Consumer<String> deltas) {
        SseReader reader = new SseReader(deltas);
        EventStreamDecoder events = new EventStreamDecoder(event -> reader.onData(event.data()));
        StreamedBody body = new StreamedBody() {
            @Override
            public boolean accepts(int status, Map<String, String> headers) {
                return status == 200;
            }

            @Override
            public void piece(byte[] bytes) {
                events.accept(bytes);
            }
        };
        return send(() -> origin.postStreaming(completionsPath, headers(request, "text/event-stream"),
                OpenAiJson.writeStreamRequest(request), requestTimeout, body),
                (reply, error) -> error != null || reply.status() != 200 ? decode(reply, error) : reader.reply());
    }

    /**
     * Completing our own future (rather than throwing inside a stage) hands callers the decoder's
     * {@link GatewayException} itself instead of a CompletionException around it.
     */
    private CompletableFuture<ChatResponse> send(Supplier<CompletableFuture<HttpReply>> post,
            BiFunction<HttpReply, Throwable, ChatResponse> decode) {
        // Counted before the check, so that close() cannot end the loop between the check and the post.
        inFlight.incrementAndGet();
        if (closed) {
            callEnded();
            return CompletableFuture.failedFuture(
                    new IllegalStateException("OpenAiClient for " + baseUrl + " is closed"));
        }
        CompletableFuture<ChatResponse> result = new CompletableFuture<>();
        post.get().whenComplete((reply, error) -> {
            try {
                result.complete(decode.apply(reply, error));
            } catch (GatewayException e) {
                result.completeExceptionally(e);
            } catch (RuntimeException e) {
                result.completeExceptionally(new GatewayException(502, "invalid_response", redact(e.getMessage())));
            } finally {
                callEnded();
            }
        });
        return result;
    }

    private void callEnded() {
        if (inFlight.decrementAndGet() == 0 && closed) {
            shutDown();
        }
    }

    private Map<String, String> headers(ChatRequest request, String accept) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Accept", accept);
        if (apiKey != null) {
            headers.put("Authorization", "Bearer " + apiKey);
        }
        if (request.precedence() != Precedence.REQUEST) {
            headers.put(Precedence.HEADER, request.precedence().wireName());
        }
        CallTags tags = request.tags();
        if (tags.role() != null) {
            headers.put(CallTags.ROLE_HEADER, tags.role());
        }
        if (tags.generation() != null) {
            headers.put(CallTags.GENERATION_HEADER, tags.generation().toString());
        }
        return headers;
    }

    /** The events of one streamed reply: the text so far, its finish reason and usage, and how it ended. */
    private final class SseReader {
        private final Consumer<String> deltas;
        private final StringBuilder content = new StringBuilder();
        private String finishReason;
        private Usage usage;
        private GatewayException error;
        private boolean done;

        SseReader(Consumer<String> deltas) {
            this.deltas = deltas;
        }

        void onData(String raw) {
            if (done || error != null) {
                return;
            }
            String data = raw.strip();
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

    private ChatResponse decode(HttpReply reply, Throwable error) {
        if (error != null) {
            throw GatewayException.noReply(completionsUrl, requestTimeout, error instanceof CompletionException
                    && error.getCause() != null ? error.getCause() : error, this::redact);
        }
        return OpenAiJson.readReply(reply.status(), reply.body(),
                RetryAfter.parse(reply.header("retry-after-ms"), reply.header("retry-after")), this::redact);
    }

    private String redact(String message) {
        return apiKey == null || message == null ? message : message.replace(apiKey, REDACTED);
    }

    /** Further calls fail; calls in flight still complete, and the client's loop ends after the last of them. */
    @Override
    public void close() {
        closed = true;
        if (inFlight.get() == 0) {
            shutDown();
        }
    }

    private void shutDown() {
        // From the loop's own thread (the last call's completion) waiting for it to end would wait for itself.
        loops.group().shutdownGracefully(0, 2, TimeUnit.SECONDS);
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
