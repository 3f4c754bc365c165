package io.trinity.gateway.server;

import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatCall;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Precedence;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.UpstreamProblems;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}. The event loop only parses and dispatches; the exchange is answered from the
 * reply future's completion, on whichever thread completes it, so any number of calls can wait on slow models.
 * The response's {@code usage.cost} is the call's list price even when the cache answered it, so that what a
 * client sees does not depend on what other clients asked first; the gateway's accounts say what was paid, and
 * the {@value #CACHE_HEADER} header says whether this call was free. A {@code stream: true} call is relayed: each
 * piece of the upstream's reply goes to the client as it arrives ({@link ServerSentEvents.Relay}).
 */
final class ChatCompletionsHandler implements ExchangeHandler {

    static final String PATH = "/v1/chat/completions";
    static final String CACHE_HEADER = "X-Trinity-Cache";
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    private final Map<String, Dispatcher.Route> routes;
    private final Dispatcher dispatcher;
    private final StatsRecorder stats;
    private final GatewayMetrics metrics;
    private final String idPrefix = "chatcmpl-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
    private final AtomicLong idSequence = new AtomicLong();

    ChatCompletionsHandler(Map<String, Dispatcher.Route> routes, Dispatcher dispatcher, StatsRecorder stats,
            GatewayMetrics metrics) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        this.dispatcher = dispatcher;
        this.stats = stats;
        this.metrics = metrics;
    }

    @Override
    public void handle(Exchange exchange) {
        long start = System.nanoTime();
        if (!exchange.accept("POST", PATH)) {
            return;
        }
        ChatCall call;
        Dispatcher.Route route;
        try {
            call = OpenAiJson.readRequest(exchange.body());
            route = routes.get(call.request().model());
            if (route == null) {
                throw new GatewayException(404, "invalid_request_error", "The model '" + call.request().model()
                        + "' does not exist in this pool; models: " + routes.keySet(), "model", "model_not_found");
            }
            call = new ChatCall(call.request().withTags(tags(exchange)).withPrecedence(precedence(exchange)),
                    call.stream(), call.includeUsage());
        } catch (GatewayException e) {
            exchange.sendError(e);
            metrics.request(null, e.status(), System.nanoTime() - start);
            return;
        }
        stats.started();
        ServerSentEvents.Relay relay = call.stream() ? new ServerSentEvents.Relay(exchange, completionId(),
                Instant.now().getEpochSecond(), call.request().model(), call.includeUsage()) : null;
        CompletableFuture<Dispatcher.Served> reply;
        try {
            reply = relay == null ? dispatcher.serve(route, call.request())
                    : dispatcher.serveStreaming(route, call.request(), relay);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        ChatCall accepted = call;
        reply.whenComplete((served, error) -> {
            int status = finish(exchange, accepted, route.spec(), served, error, relay);
            metrics.request(route.spec().name(), status, System.nanoTime() - start);
        });
    }

    private int finish(Exchange exchange, ChatCall call, ModelSpec spec, Dispatcher.Served served,
            Throwable error, ServerSentEvents.Relay relay) {
        ChatRequest request = call.request();
        if (error != null) {
            stats.failed(spec.name());
            GatewayException e = clientError(spec, error instanceof CompletionException
                    && error.getCause() != null ? error.getCause() : error);
            if (e.status() >= 500) {
                LOG.warn("{}", e.getMessage());
            }
            if (relay != null) {
                relay.fail(e);
            } else {
                exchange.sendError(e);
            }
            return e.status();
        }
        ProviderReply reply = served.reply();
        Usage usage = new Usage(reply.promptTokens(), reply.completionTokens(),
                spec.price().cost(reply.promptTokens(), reply.completionTokens()));
        stats.succeeded(spec.name(), usage);
        if (relay != null) {
            relay.finish(new ChatResponse(null, request.model(), reply.content(), reply.finishReason(), usage),
                    served.free());
            return 200;
        }
        ChatResponse response = new ChatResponse(completionId(), request.model(), reply.content(),
                reply.finishReason(), usage);
        exchange.responseHeaders().set(CACHE_HEADER, served.free() ? "hit" : "miss");
        exchange.sendJson(200, OpenAiJson.writeResponse(response, Instant.now().getEpochSecond()));
        return 200;
    }

    /**
     * The error a client gets for a call that failed after the gateway's retries: rate limits stay 429 (with the
     * upstream's Retry-After), timeouts are 504, an open circuit 503, the budget 402, a request the upstream
     * found invalid keeps its 4xx, and everything else the upstream did wrong is a 502.
     */
    private static GatewayException clientError(ModelSpec spec, Throwable cause) {
        String model = spec.name();
        if (!(cause instanceof GatewayException g)) {
            return new GatewayException(500, "internal_error", "the gateway failed serving '" + model + "': "
                    + cause.getClass().getSimpleName());
        }
        String prefix = "model '" + model + "' failed: ";
        String detail = (g.status() > 0 ? "HTTP " + g.status() + " " : "") + g.type() + ": " + g.getMessage();
        return switch (g.status()) {
            case 402, 503 -> g;
            case 502 -> GatewayException.STREAM_INTERRUPTED.equals(g.type()) ? g
                    : new GatewayException(502, "upstream_error", prefix + detail, null,
                            "invalid_response".equals(g.type()) ? "invalid_response" : null);
            case 429 -> new GatewayException(429, "rate_limit_error", prefix + detail, null, "rate_limit_exceeded",
                    g.retryAfter());
            case 0 -> "timeout".equals(g.type())
                    ? new GatewayException(504, "timeout", prefix + detail, null, "upstream_timeout")
                    : new GatewayException(502, "upstream_error", prefix + detail);
            // Kept as they are, not folded into a 502: a rejected key or an unknown upstream model is the pool
            // file's or the environment's to fix, and a client must be able to tell it from an upstream outage.
            case 401, 403 -> new GatewayException(g.status(), "authentication_error", UpstreamProblems.rejectedKey(
                    spec, detail), null, CallFailure.UPSTREAM_AUTH);
            case 404 -> new GatewayException(404, "invalid_request_error", UpstreamProblems.unknownModel(spec,
                    detail), "model", "model_not_found");
            case 400, 413, 422 -> new GatewayException(g.status(), "invalid_request_error", prefix + detail,
                    g.param(), g.code());
            default -> new GatewayException(502, "upstream_error", prefix + detail);
        };
    }

    /** Unique, not secret: a random prefix per gateway plus a counter, cheaper than a SecureRandom UUID per call. */
    private String completionId() {
        return idPrefix + Long.toHexString(idSequence.incrementAndGet());
    }

    private static Precedence precedence(Exchange exchange) {
        try {
            return Precedence.ofWire(exchange.header(Precedence.HEADER));
        } catch (IllegalArgumentException e) {
            throw new GatewayException(400, "invalid_request_error", e.getMessage(), null, "invalid_header");
        }
    }

    private static CallTags tags(Exchange exchange) {
        String role = exchange.header(CallTags.ROLE_HEADER);
        String generation = exchange.header(CallTags.GENERATION_HEADER);
        try {
            return new CallTags(role, generation == null ? null : Integer.valueOf(generation.strip()));
        } catch (IllegalArgumentException e) {
            throw new GatewayException(400, "invalid_request_error", "bad accounting header: " + e.getMessage()
                    + " (" + CallTags.ROLE_HEADER + ", " + CallTags.GENERATION_HEADER + ")", null, "invalid_tag");
        }
    }
}
