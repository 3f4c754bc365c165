package io.trinity.gateway.check;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.Precedence;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.ApiParameters;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.CacheSpec;
import io.trinity.gateway.pool.GatewaySettings;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.RetryPolicy;
import io.trinity.gateway.pool.SimModelSpec;
import io.trinity.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls every model of a pool once with a tiny prompt, through the same path a run's calls take (an
 * OpenAI-compatible client, the gateway with the pool's providers, the upstream), and says for each whether it was
 * reachable, took its key, knew the model name and took the parameters the gateway sends it. A model whose key
 * variable is not set is reported without a call. The in-process gateway of the check is its own: no cache (a
 * cached reply would hide a refused key), no budget, and two quick retries at most, so that a dead upstream is named
 * in a second rather than after the pool's whole retry schedule; a run's accounts never see the check's calls.
 */
public final class PoolCheck {

    /** What every model is asked; short, so that the check costs a few tokens per model. */
    public static final String PROMPT = "Reply with the single word OK.";
    /** The reply cap the check asks for: enough for "OK", little to pay for a chatty model. */
    static final int REPLY_TOKENS = 16;
    /**
     * Two retries, so that a passing 429 or 5xx rarely fails the check (one attempt in five failing fails it one
     * time in 125), with 0.6 s of waiting in all when an upstream is down.
     */
    static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofMillis(200), 2.0, Duration.ofSeconds(1), 0.0);

    private final PoolConfig pool;
    private final List<ModelSpec> models;
    private final Map<String, String> environment;
    private final Path answerKey;
    private final double temperature;
    private final Precedence precedence;
    private final URI gatewayUrl;
    private final String gatewayToken;

    private PoolCheck(Builder b) {
        this.pool = Objects.requireNonNull(b.pool, "pool");
        this.models = b.models == null ? pool.models() : b.models.stream().map(pool::model).toList();
        this.environment = b.environment;
        this.answerKey = b.answerKey != null ? b.answerKey : pool.answerKey();
        this.temperature = b.temperature;
        this.precedence = b.precedence;
        this.gatewayUrl = b.gatewayUrl;
        this.gatewayToken = b.gatewayToken;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Checks every model, all at once; returns when each has answered or failed. */
    public PoolCheckReport run() {
        Map<String, ModelCheck> found = new LinkedHashMap<>();
        List<ModelSpec> callable = new ArrayList<>();
        for (ModelSpec spec : models) {
            found.put(spec.name(), null);
            String missing = missingKey(spec);
            if (missing != null) {
                found.put(spec.name(), Diagnosis.missingKey(spec, missing));
            } else {
                callable.add(spec);
            }
        }
        if (!callable.isEmpty()) {
            for (ModelCheck check : gatewayUrl != null ? callThrough(gatewayUrl, gatewayToken, callable)
                    : callInProcess(callable)) {
                found.put(check.model(), check);
            }
        }
        return new PoolCheckReport(pool.source(), List.copyOf(found.values()));
    }

    /** The variable a remote model's key should come from, when the check's environment lacks it; else null. */
    private String missingKey(ModelSpec spec) {
        // An external gateway holds the keys in its own environment; only it can tell whether they are set.
        if (gatewayUrl != null || !(spec instanceof RemoteModelSpec remote) || remote.apiKeyEnv() == null) {
            return null;
        }
        String value = environment.get(remote.apiKeyEnv());
        return value == null || value.isBlank() ? remote.apiKeyEnv() : null;
    }

    private List<ModelCheck> callInProcess(List<ModelSpec> callable) {
        PoolConfig checked = new PoolConfig(pool.source(), pool.seed(), answerKey, callable,
                new GatewaySettings(RETRY, pool.settings().breaker(), CacheSpec.NONE, Budget.UNLIMITED, null, false));
        Path emptyKey = null;
        try {
            GatewayServer.Builder gateway = GatewayServer.builder().pool(checked).environment(environment)
                    .host("127.0.0.1").port(0).ioThreads(1);
            if (answerKey == null && callable.stream().anyMatch(m -> m instanceof SimModelSpec)) {
                // A sim model answers the check's prompt the same with or without the run's answer key.
                emptyKey = Files.createTempFile("trinity-pool-check", ".jsonl");
                gateway.answerKey(emptyKey);
            }
            try (GatewayServer server = gateway.build().start()) {
                return callThrough(server.baseUrl(), null, callable);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pool check's empty answer key: " + e.getMessage(), e);
        } finally {
            if (emptyKey != null) {
                emptyKey.toFile().delete();
            }
        }
    }

    private List<ModelCheck> callThrough(URI url, String token, List<ModelSpec> callable) {
        PoolConfig timing = new PoolConfig(pool.source(), pool.seed(), null, callable,
                new GatewaySettings(RETRY, pool.settings().breaker(), CacheSpec.NONE, Budget.UNLIMITED, null, false));
        try (OpenAiClient client = OpenAiClient.builder().baseUrl(url).apiKey(token)
                .requestTimeout(timing.longestCall()).build()) {
            List<CompletableFuture<ModelCheck>> calls = new ArrayList<>();
            for (ModelSpec spec : callable) {
                long started = System.nanoTime();
                calls.add(client.chat(request(spec)).handle((reply, error) -> {
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    return error == null ? Diagnosis.answered(spec, reply, millis)
                            : Diagnosis.failed(spec, unwrap(error));
                }));
            }
            return calls.stream().map(CompletableFuture::join).toList();
        }
    }

    /**
     * The check's call: the temperature the run would send this model (the entry's or the run's, by the run's
     * precedence), a small reply cap (above the thinking budget for a thinking model, which needs room to answer),
     * and the entry's own reasoning effort; the gateway leaves out what the entry says its API does not take, as it
     * does for a run.
     */
    private ChatRequest request(ModelSpec spec) {
        Double entryTemperature = spec instanceof RemoteModelSpec r ? r.defaults().temperature() : null;
        Double sent = precedence.pick(temperature, entryTemperature);
        int cap = spec instanceof RemoteModelSpec r ? capFor(r.api()) : REPLY_TOKENS;
        return new ChatRequest(spec.name(), List.of(new ChatMessage("user", PROMPT)), sent, cap, 0L, null,
                Precedence.REQUEST, new CallTags("preflight", null));
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    public static final class Builder {
        private PoolConfig pool;
        private List<String> models;
        private Map<String, String> environment = System.getenv();
        private Path answerKey;
        private double temperature = 0.7;
        private Precedence precedence = Precedence.MODEL;
        private URI gatewayUrl;
        private String gatewayToken;

        private Builder() {
        }

        public Builder pool(PoolConfig pool) {
            this.pool = pool;
            return this;
        }

        /** The models to check, by name (default: every model of the pool, in file order). */
        public Builder models(List<String> models) {
            this.models = List.copyOf(models);
            return this;
        }

        /** Where the entries' {@code api_key_env} variables are read; the process environment by default. */
        public Builder environment(Map<String, String> environment) {
            this.environment = Map.copyOf(environment);
            return this;
        }

        /** The sim models' answer key; the pool file's by default (the check's replies do not depend on it). */
        public Builder answerKey(Path answerKey) {
            this.answerKey = answerKey;
            return this;
        }

        /**
         * The run's temperature and whose value wins where an entry sets its own ({@link Precedence#MODEL}, the
         * default, as in a run without {@code episode.override_model_defaults}), so that the check sends each model
         * the temperature the run will.
         */
        public Builder sampling(double temperature, Precedence precedence) {
            this.temperature = temperature;
            this.precedence = Objects.requireNonNull(precedence, "precedence");
            return this;
        }

        /** Checks through the gateway at {@code url} (with its bearer token, or null) instead of one of its own. */
        public Builder externalGateway(URI url, String token) {
            this.gatewayUrl = url;
            this.gatewayToken = token;
            return this;
        }

        public PoolCheck build() {
            Objects.requireNonNull(pool, "pool");
            return new PoolCheck(this);
        }
    }

    private static int capFor(ApiParameters api) {
        return api.thinkingBudget() == null ? REPLY_TOKENS : api.thinkingBudget() + REPLY_TOKENS;
    }
}
