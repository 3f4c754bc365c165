package io.trinity.gateway.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/chat/completions}. The handler thread only parses and dispatches; the exchange is answered from
 * the provider future's completion, so hundreds of calls can wait on slow models with a handful of threads.
 */
final class ChatCompletionsHandler implements HttpHandler {

    static final String PATH = "/v1/chat/completions";
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    record Route(ModelSpec spec, Provider provider) {
    }

    private final Map<String, Route> routes;
    private final Executor executor;
    private final StatsRecorder stats;

    ChatCompletionsHandler(Map<String, Route> routes, Executor executor, StatsRecorder stats) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        this.executor = executor;
        this.stats = stats;
    }

    @Override
    public void handle(HttpExchange exchange) {
        if (!Exchanges.accept(exchange, "POST", PATH)) {
            return;
        }
        ChatRequest request;
        Route route;
        try {
            request = OpenAiJson.readRequest(Exchanges.readBody(exchange));
            route = routes.get(request.model());
            if (route == null) {
                throw new GatewayException(404, "invalid_request_error", "The model '" + request.model()
                        + "' does not exist in this pool; models: " + routes.keySet(), "model", "model_not_found");
            }
        } catch (GatewayException e) {
            Exchanges.sendError(exchange, e);
            return;
        }
        stats.started();
        CompletableFuture<ProviderReply> reply;
        try {
            reply = route.provider().complete(request);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        // Async: the completing thread may be a provider's timer or HTTP client thread, which must not do our I/O.
        reply.whenCompleteAsync((r, error) -> finish(exchange, request, route.spec(), r, error), executor);
    }

    private void finish(HttpExchange exchange, ChatRequest request, ModelSpec spec, ProviderReply reply,
            Throwable error) {
        if (error != null) {
            stats.failed(spec.name());
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            LOG.warn("model {} failed: {}", spec.name(), describe(cause));
            Exchanges.sendError(exchange, new GatewayException(502, "upstream_error",
                    "model '" + spec.name() + "' failed: " + describe(cause)));
            return;
        }
        Usage usage = new Usage(reply.promptTokens(), reply.completionTokens(),
                spec.price().cost(reply.promptTokens(), reply.completionTokens()));
        stats.succeeded(spec.name(), usage);
        ChatResponse response = new ChatResponse("chatcmpl-" + UUID.randomUUID(), request.model(), reply.content(),
                reply.finishReason(), usage);
        Exchanges.sendJson(exchange, 200, OpenAiJson.writeResponse(response, Instant.now().getEpochSecond()));
    }

    private static String describe(Throwable cause) {
        if (cause instanceof GatewayException g) {
            return (g.status() > 0 ? "HTTP " + g.status() + " " : "") + g.type() + ": " + g.getMessage();
        }
        return cause.toString();
    }
}
