package io.trinity.gateway.server;

import com.sun.net.httpserver.HttpServer;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible gateway in front of the pool: {@code POST /v1/chat/completions}, {@code GET /v1/models},
 * {@code GET /healthz}. Requests are routed by model name to the model's provider and priced from the pool.
 * A few handler threads serve any number of in-flight calls, because no thread waits for a provider.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** Handlers only parse, dispatch and write small bodies, so a few threads keep up with many connections. */
    private static final int HANDLER_THREADS = 4;
    /** Hundreds of executors' connections may arrive at once; the JDK default backlog of 50 would drop some. */
    private static final int BACKLOG = 1024;
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final PoolConfig pool;
    private final String host;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService timer;
    private final Map<String, Provider> providers;
    private final StatsRecorder stats;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GatewayServer(Builder b) {
        this.pool = b.pool;
        this.host = b.host;
        this.stats = new StatsRecorder(pool.modelNames());
        this.timer = Executors.newSingleThreadScheduledExecutor(namedThreads("gateway-timer"));
        this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, namedThreads("gateway-handler"));
        try {
            this.providers = Providers.create(pool, b.answerKey != null ? b.answerKey : pool.answerKey(),
                    b.environment, timer);
            this.server = HttpServer.create(new InetSocketAddress(b.host, b.port), BACKLOG);
        } catch (IOException e) {
            shutdownExecutors();
            throw new UncheckedIOException("cannot listen on " + b.host + ":" + b.port, e);
        } catch (RuntimeException e) {
            shutdownExecutors();
            throw e;
        }
        server.setExecutor(handlers);
        server.createContext(ChatCompletionsHandler.PATH,
                new ChatCompletionsHandler(routes(), handlers, stats));
        byte[] models = OpenAiJson.writeModels(owners());
        server.createContext("/v1/models", exchange -> {
            if (Exchanges.accept(exchange, "GET", "/v1/models")) {
                Exchanges.sendJson(exchange, 200, models);
            }
        });
        server.createContext("/healthz", exchange -> {
            if (Exchanges.accept(exchange, "GET", "/healthz")) {
                Exchanges.sendJson(exchange, 200, HEALTHY);
            }
        });
        server.createContext("/", exchange -> Exchanges.sendError(exchange, new GatewayException(404,
                "invalid_request_error", "no route for " + exchange.getRequestURI().getPath(), null, "not_found")));
    }

    public static Builder builder() {
        return new Builder();
    }

    public GatewayServer start() {
        server.start();
        LOG.info("gateway listening on {} for models {}", baseUrl(), pool.modelNames());
        return this;
    }

    /** The bound port, known from build() on (port 0 picks a free one). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://HOST:PORT/v1}, the base URL for OpenAI-compatible clients. */
    public URI baseUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + port() + "/v1");
    }

    public GatewayStats stats() {
        return stats.snapshot();
    }

    /** Stops at once; calls still in flight are dropped (their clients see the connection close). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            providers.values().forEach(Provider::close);
            shutdownExecutors();
        }
    }

    private Map<String, ChatCompletionsHandler.Route> routes() {
        Map<String, ChatCompletionsHandler.Route> routes = new LinkedHashMap<>();
        for (ModelSpec spec : pool.models()) {
            routes.put(spec.name(), new ChatCompletionsHandler.Route(spec, providers.get(spec.name())));
        }
        return routes;
    }

    private Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        pool.models().forEach(m -> owners.put(m.name(), m.provider()));
        return owners;
    }

    private void shutdownExecutors() {
        timer.shutdownNow();
        handlers.shutdownNow();
    }

    /** Named so that gateway threads stand out in the thread dumps of a training job that embeds it. */
    private static ThreadFactory namedThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> new Thread(runnable, prefix + "-" + n.incrementAndGet());
    }

    public static final class Builder {
        private PoolConfig pool;
        private Path answerKey;
        private String host = "127.0.0.1";
        private int port;
        private Map<String, String> environment = System.getenv();

        private Builder() {
        }

        public Builder pool(PoolConfig pool) {
            this.pool = pool;
            return this;
        }

        /** The answer key for sim models; overrides the pool file's {@code answer_key}. Null keeps the pool's. */
        public Builder answerKey(Path answerKey) {
            this.answerKey = answerKey;
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 (the default) binds an ephemeral port; read it back with {@link GatewayServer#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Where {@code api_key_env} variables are looked up; defaults to the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** Resolves answer key and API keys and binds the port; throws if any of them fails. */
        public GatewayServer build() {
            Objects.requireNonNull(pool, "pool");
            return new GatewayServer(this);
        }
    }
}
