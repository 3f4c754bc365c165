package io.trinity.gateway.server;

import io.trinity.gateway.accounting.Accounting;
import io.trinity.gateway.accounting.AccountingSnapshot;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.cache.ResponseCache;
import io.trinity.gateway.cache.ResponseCaches;
import io.trinity.gateway.http.DaemonThreads;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.GatewaySettings;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.PoolConfigException;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.resilience.UpstreamGuard;
import io.trinity.gateway.upstream.Providers;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible gateway in front of the pool: {@code POST /v1/chat/completions} (plain and streamed),
 * {@code GET /v1/models}, {@code GET /healthz} (never authenticated), {@code GET /metrics} (Prometheus) and
 * {@code GET /accounting} (JSON). Requests are routed by model name to the model's provider through its
 * {@link UpstreamGuard} (retries, circuit breaker, rate limits, concurrency), the response cache and the
 * accounts. It runs on Netty's event loops, which its upstream connections share: without a cache, a call is
 * received, sent upstream and answered on one thread with no hand-over. Blocking work (cache lookups and writes,
 * metric scrapes) runs on a small pool of its own, never on a loop.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);
    /** Cache lookups wait on SQLite or Redis; a few threads keep the loops free of that. */
    private static final int BLOCKING_THREADS = 4;
    /** Far above any real prompt; stops a broken client from filling the heap. */
    static final int MAX_BODY_BYTES = 16 << 20;
    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final PoolConfig pool;
    private final EventLoops loops;
    private final ExecutorService blocking;
    private final HttpFront server;
    private final Map<String, Provider> providers;
    private final ResponseCache cache;
    private final boolean ownsCache;
    private final StatsRecorder stats;
    private final Accounting accounting;
    private final GatewayMetrics metrics;
    private final AtomicBoolean closed = new AtomicBoolean();

    private GatewayServer(Builder b) {
        this.pool = b.pool;
        GatewaySettings settings = pool.settings();
        String authToken = b.authToken != null ? b.authToken : authToken(settings.authTokenEnv(), b.environment);
        if (authToken == null && !settings.allowUnauthenticated() && !BindAddress.isLoopback(b.host)) {
            throw new PoolConfigException(pool.source() + ": the gateway would listen on " + b.host + ", which "
                    + "other machines can reach, without authentication, and it spends the pool's keys and budget: "
                    + "set auth_token_env in the pool file (and the token in that variable), bind 127.0.0.1, or "
                    + "set allow_unauthenticated: true if the network itself keeps others out");
        }
        this.stats = new StatsRecorder(pool.modelNames());
        this.accounting = new Accounting(b.budget != null ? b.budget : settings.budget());
        this.loops = new EventLoops(b.ioThreads, "gateway-io");
        this.blocking = Executors.newFixedThreadPool(BLOCKING_THREADS, DaemonThreads.named("gateway-blocking"));
        Map<String, Provider> created = Map.of();
        ResponseCache openedCache = null;
        try {
            // The loops are the timer too: retry waits, rate-limit delays and simulated latencies end on a loop.
            created = Providers.create(pool, b.answerKey != null ? b.answerKey : pool.answerKey(), b.environment,
                    loops.group(), loops);
            openedCache = b.cache != null ? null : ResponseCaches.open(settings.cache(), b.environment);
        } catch (RuntimeException e) {
            release(created, openedCache);
            throw e;
        }
        this.providers = created;
        this.cache = b.cache != null ? b.cache : openedCache;
        this.ownsCache = b.cache == null;
        Map<String, Dispatcher.Route> routes = routes(settings);
        this.metrics = new GatewayMetrics(routes.values().stream().map(Dispatcher.Route::guard).toList(),
                accounting, () -> stats.snapshot().inFlight());
        Dispatcher dispatcher = new Dispatcher(cache, accounting, metrics, blocking);
        BearerAuth auth = new BearerAuth(authToken);
        ExchangeHandler chat = new ChatCompletionsHandler(routes, dispatcher, stats, metrics);
        byte[] models = OpenAiJson.writeModels(owners());
        Map<String, ExchangeHandler> paths = Map.of(
                ChatCompletionsHandler.PATH, auth.guard(cache == null ? chat : blocking(chat)),
                "/v1/models", auth.guard(get("/v1/models", () -> models, "application/json")),
                "/healthz", get("/healthz", () -> HEALTHY, "application/json"),
                "/metrics", auth.guard(blocking(get("/metrics",
                        () -> metrics.scrape().getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4"))),
                "/accounting", auth.guard(blocking(get("/accounting",
                        () -> AccountingJson.write(accounting.snapshot()), "application/json"))));
        ExchangeHandler unknown = auth.guard(exchange -> exchange.sendError(new GatewayException(404,
                "invalid_request_error", "no route for " + exchange.path(), null, "not_found")));
        try {
            this.server = HttpFront.bind(loops, b.host, b.port, paths, unknown, MAX_BODY_BYTES);
        } catch (RuntimeException e) {
            release(providers, ownsCache ? cache : null);
            throw e;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public GatewayServer start() {
        server.start();
        LOG.info("gateway listening on {} for models {}{}", baseUrl(), pool.modelNames(),
                cache == null ? "" : ", caching in " + cache);
        return this;
    }

    /** The bound port, known from build() on (port 0 picks a free one). */
    public int port() {
        return server.port();
    }

    /** {@code http://HOST:PORT/v1}, the base URL for OpenAI-compatible clients. */
    public URI baseUrl() {
        return server.baseUrl();
    }

    public GatewayStats stats() {
        return stats.snapshot();
    }

    /** Tokens, calls and cost per model, role and generation, the budget and whether it is spent. */
    public AccountingSnapshot accounting() {
        return accounting.snapshot();
    }

    /**
     * Whether the budget is spent: every further call that the cache cannot answer fails with HTTP 402, error code
     * {@value Accounting#BUDGET_EXHAUSTED}. A training driver checks this between generations to stop cleanly.
     */
    public boolean budgetExhausted() {
        return accounting.budgetExhausted();
    }

    /** Upstream attempts that failed retryably and were tried again, all models together. */
    public long retries() {
        return metrics.retries();
    }

    /** The Prometheus text exposition that {@code GET /metrics} serves. */
    public String metricsText() {
        return metrics.scrape();
    }

    /** Stops at once; calls still in flight are dropped (their clients see the connection close). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.close();
            release(providers, ownsCache ? cache : null);
            metrics.close();
        }
    }

    private Map<String, Dispatcher.Route> routes(GatewaySettings settings) {
        Map<String, Dispatcher.Route> routes = new LinkedHashMap<>();
        for (ModelSpec spec : pool.models()) {
            UpstreamGuard guard = new UpstreamGuard(spec.name(), providers.get(spec.name()), spec.limits(),
                    settings.retry(), settings.breaker(), loops.group());
            // A sim's replies also depend on the pool seed, which its spec does not hold.
            String identity = spec instanceof SimModelSpec
                    ? spec.upstreamIdentity() + " seed " + pool.seed() : spec.upstreamIdentity();
            routes.put(spec.name(), new Dispatcher.Route(spec, guard, identity));
        }
        return routes;
    }

    private Map<String, String> owners() {
        Map<String, String> owners = new LinkedHashMap<>();
        pool.models().forEach(m -> owners.put(m.name(), m.provider()));
        return owners;
    }

    private void release(Map<String, Provider> toClose, ResponseCache cacheToClose) {
        List<Runnable> steps = new ArrayList<>();
        toClose.values().forEach(p -> steps.add(p::close));
        if (cacheToClose != null) {
            steps.add(cacheToClose::close);
        }
        steps.add(blocking::shutdownNow);
        steps.add(loops::close);
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("while shutting the gateway down: {}", e.getMessage());
            }
        }
    }

    private static String authToken(String variable, Map<String, String> environment) {
        if (variable == null) {
            return null;
        }
        String token = environment.get(variable);
        if (token == null || token.isBlank()) {
            throw new PoolConfigException("auth_token_env names the environment variable " + variable
                    + ", which is not set");
        }
        return token;
    }

    private interface Body {
        byte[] get();
    }

    private static ExchangeHandler get(String path, Body body, String contentType) {
        return exchange -> {
            if (exchange.accept("GET", path)) {
                exchange.send(200, contentType, body.get());
            }
        };
    }

    /** Runs the handler on the blocking pool; a gateway that is closing drops the exchange with its connection. */
    private ExchangeHandler blocking(ExchangeHandler handler) {
        return exchange -> {
            try {
                blocking.execute(() -> {
                    try {
                        handler.handle(exchange);
                    } catch (RuntimeException e) {
                        LOG.error("gateway handler failed on {} {}", exchange.method(), exchange.path(), e);
                        exchange.sendError(new GatewayException(500, "internal_error", "the gateway failed: "
                                + e.getClass().getSimpleName()));
                    }
                });
            } catch (RejectedExecutionException closing) {
                exchange.sendError(new GatewayException(503, "unavailable", "the gateway is shutting down"));
            }
        };
    }

    public static final class Builder {
        private PoolConfig pool;
        private Path answerKey;
        private String host = "127.0.0.1";
        private int port;
        private Map<String, String> environment = System.getenv();
        private String authToken;
        private ResponseCache cache;
        private Budget budget;
        private int ioThreads = Runtime.getRuntime().availableProcessors();

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

        /** Where {@code api_key_env}-style variables are looked up; defaults to the process environment. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /**
         * The bearer token clients must send, instead of the one the pool file's {@code auth_token_env} names (a
         * training job passes its per-run token). Null keeps the pool file's.
         */
        public Builder authToken(String authToken) {
            if (authToken != null && authToken.isBlank()) {
                throw new IllegalArgumentException("the bearer token must not be blank");
            }
            this.authToken = authToken;
            return this;
        }

        /**
         * A cache to use instead of the pool file's {@code cache} (a training run passes one in its run
         * directory). The caller keeps ownership: closing the gateway does not close it.
         */
        public Builder cache(ResponseCache cache) {
            this.cache = cache;
            return this;
        }

        /** A budget to enforce instead of the pool file's {@code budget}; null keeps the pool's. */
        public Builder budget(Budget budget) {
            this.budget = budget;
            return this;
        }

        /** Event-loop threads for client connections and upstream calls; one per core by default. */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /** Resolves answer key, API keys and cache and binds the port; throws if any of them fails. */
        public GatewayServer build() {
            Objects.requireNonNull(pool, "pool");
            return new GatewayServer(this);
        }
    }
}
