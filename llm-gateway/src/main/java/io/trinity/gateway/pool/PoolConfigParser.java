package io.trinity.gateway.pool;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the pool YAML schema (see the module README) into a {@link PoolConfig}, rejecting anything unexpected. */
final class PoolConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final List<String> TOP_KEYS = List.of("seed", "answer_key", "models", "retry", "circuit_breaker",
            "cache", "budget", "auth_token_env", "allow_unauthenticated", "difficulty", "latency_scale");
    private static final List<String> COMMON_KEYS = List.of("name", "provider", "price", "max_concurrency",
            "requests_per_minute", "tokens_per_minute", "timeout_ms");
    private static final List<String> SIM_KEYS = concat(COMMON_KEYS,
            List.of("latency", "thinker_boost", "skills", "faults", "reply_tokens"));
    private static final List<String> REMOTE_KEYS = concat(COMMON_KEYS, List.of("base_url", "api_key_env", "model",
            "max_tokens", "temperature", "accepts_temperature", "context_tokens"));
    private static final List<String> ANTHROPIC_KEYS = concat(REMOTE_KEYS, List.of("thinking"));
    private static final List<String> OPENAI_KEYS = concat(REMOTE_KEYS,
            List.of("reasoning_effort", "max_tokens_param"));
    private static final List<String> THINKING_KEYS = List.of("budget_tokens");
    private static final List<String> PRICE_KEYS = List.of("input_per_mtok", "output_per_mtok");
    private static final List<String> LATENCY_KEYS = List.of("base_ms", "jitter_ms", "sigma", "ms_per_token");
    private static final List<String> ROLE_KEYS = List.of("thinker", "worker", "verifier", "recall", "false_reject");
    private static final List<String> DIFFICULTY_KEYS = List.of("spread", "model_spread");
    private static final List<String> REPLY_TOKEN_KEYS = List.of("thinker", "worker", "verifier", "sigma");
    /** Logits: beyond this every question is right for every model or wrong for every model. */
    private static final double MAX_SPREAD = 20;
    private static final List<String> FAULT_KEYS = List.of("rate_limited", "retry_after_ms", "server_error",
            "timeout", "slow", "slow_ms", "malformed_json", "truncated_stream");
    private static final List<String> RETRY_KEYS =
            List.of("max_attempts", "initial_backoff_ms", "multiplier", "max_backoff_ms", "jitter");
    private static final List<String> BREAKER_KEYS =
            List.of("failure_rate_percent", "window", "minimum_calls", "open_ms");
    private static final List<String> CACHE_KEYS = List.of("backend", "path", "url", "password_env");
    private static final List<String> BUDGET_KEYS = List.of("calls", "tokens", "usd");
    /** A day: longer values are typos (seconds for milliseconds), not real latencies or timeouts. */
    private static final long MAX_MS = 86_400_000L;

    private PoolConfigParser() {
    }

    static PoolConfig parse(String yaml, String source, Path baseDir) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr();
            throw new PoolConfigException(source + line + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        YamlMap top = YamlMap.of(root, source, "the pool file").allowOnly(TOP_KEYS, "");
        long seed = top.has("seed") ? top.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0L;
        String key = top.optionalString("answer_key");
        Path answerKey = key == null ? null : resolve(baseDir, key);
        List<JsonNode> entries = top.list("models");
        if (entries.isEmpty()) {
            throw top.error("models", "must list at least one model");
        }
        Difficulty difficulty = difficulty(top);
        double latencyScale = top.has("latency_scale") ? top.number("latency_scale", 0, 100) : 1;
        List<ModelSpec> models = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            models.add(model(entries.get(i), source + ": models[" + i + "]", difficulty, latencyScale));
        }
        GatewaySettings settings = new GatewaySettings(retry(top), breaker(top), cache(top, baseDir), budget(top),
                top.optionalString("auth_token_env"), top.optionalBoolean("allow_unauthenticated", false));
        return new PoolConfig(source, seed, answerKey, models, settings);
    }

    private static ModelSpec model(JsonNode node, String where, Difficulty difficulty, double latencyScale) {
        String name = YamlMap.of(node, where, "a model entry").string("name");
        YamlMap entry = YamlMap.of(node, where + " (" + name + ")", "a model entry");
        String provider = entry.string("provider");
        return switch (provider) {
            case "sim" -> sim(entry.allowOnly(SIM_KEYS, " for provider sim"), name, difficulty, latencyScale);
            case "openai" -> remote(entry.allowOnly(OPENAI_KEYS, " for provider openai"), name,
                    RemoteModelSpec.Protocol.OPENAI);
            case "anthropic" -> remote(entry.allowOnly(ANTHROPIC_KEYS, " for provider anthropic"), name,
                    RemoteModelSpec.Protocol.ANTHROPIC);
            default -> throw entry.error("provider", "must be openai, anthropic or sim, got '" + provider + "'");
        };
    }

    private static SimModelSpec sim(YamlMap entry, String name, Difficulty difficulty, double latencyScale) {
        Latency latency = Latency.NONE;
        if (entry.has("latency")) {
            YamlMap l = entry.map("latency").allowOnly(LATENCY_KEYS, "");
            latency = new Latency(l.integer("base_ms", 0, MAX_MS),
                    l.has("jitter_ms") ? l.integer("jitter_ms", 0, MAX_MS) : 0,
                    l.has("sigma") ? l.number("sigma", 0, 3) : 0,
                    l.has("ms_per_token") ? l.number("ms_per_token", 0, 1000) : 0).scaled(latencyScale);
        }
        double boost = entry.has("thinker_boost")
                ? entry.number("thinker_boost", 0, 1) : SimModelSpec.DEFAULT_THINKER_BOOST;
        YamlMap skillsMap = entry.map("skills");
        if (!skillsMap.has(SimModelSpec.DEFAULT_CATEGORY)) {
            throw entry.error("skills", "must have a '" + SimModelSpec.DEFAULT_CATEGORY + "' category");
        }
        Map<String, RoleSkills> skills = new LinkedHashMap<>();
        for (String category : skillsMap.keys()) {
            skills.put(category, roleSkills(skillsMap.map(category).allowOnly(ROLE_KEYS, "")));
        }
        SimFaults faults = entry.has("faults") ? faults(entry) : SimFaults.NONE;
        return new SimModelSpec(name, price(entry), limits(entry), latency, boost, skills, faults, difficulty,
                replyTokens(entry));
    }

    /** A Verifier is either one verdict accuracy ({@code verifier}) or its two error rates, not both. */
    private static RoleSkills roleSkills(YamlMap s) {
        double thinker = s.number("thinker", 0, 1);
        double worker = s.number("worker", 0, 1);
        if (s.has("verifier")) {
            if (s.has("recall") || s.has("false_reject")) {
                throw s.error("verifier", "and recall/false_reject are two ways to say the same; give either "
                        + "verifier or both recall and false_reject");
            }
            return new RoleSkills(thinker, worker, s.number("verifier", 0, 1));
        }
        if (!s.has("recall") && !s.has("false_reject")) {
            throw s.error("verifier", "is missing: give verifier, or both recall and false_reject");
        }
        return new RoleSkills(thinker, worker, s.number("recall", 0, 1), s.number("false_reject", 0, 1));
    }

    private static Difficulty difficulty(YamlMap top) {
        if (!top.has("difficulty")) {
            return Difficulty.DEFAULT;
        }
        YamlMap d = top.map("difficulty").allowOnly(DIFFICULTY_KEYS, "");
        return new Difficulty(d.has("spread") ? d.number("spread", 0, MAX_SPREAD) : Difficulty.DEFAULT.spread(),
                d.has("model_spread") ? d.number("model_spread", 0, MAX_SPREAD) : Difficulty.DEFAULT.modelSpread());
    }

    private static ReplyTokens replyTokens(YamlMap entry) {
        if (!entry.has("reply_tokens")) {
            return ReplyTokens.FROM_TEXT;
        }
        YamlMap r = entry.map("reply_tokens").allowOnly(REPLY_TOKEN_KEYS, "");
        return new ReplyTokens((int) r.integer("thinker", 1, 1_000_000), (int) r.integer("worker", 1, 1_000_000),
                (int) r.integer("verifier", 1, 1_000_000), r.has("sigma") ? r.number("sigma", 0, 3) : 0);
    }

    private static SimFaults faults(YamlMap entry) {
        YamlMap f = entry.map("faults").allowOnly(FAULT_KEYS, "");
        SimFaults faults = new SimFaults(rate(f, "rate_limited"), millis(f, "retry_after_ms", 0, Duration.ZERO),
                rate(f, "server_error"), rate(f, "timeout"), rate(f, "slow"), millis(f, "slow_ms", 0, Duration.ZERO),
                rate(f, "malformed_json"), rate(f, "truncated_stream"));
        if (faults.total() > 1) {
            throw entry.error("faults", "rates must add up to at most 1, got " + faults.total());
        }
        return faults;
    }

    private static RemoteModelSpec remote(YamlMap entry, String name, RemoteModelSpec.Protocol protocol) {
        String url = entry.string("base_url");
        URI baseUrl;
        try {
            baseUrl = new URI(url);
        } catch (URISyntaxException e) {
            throw entry.error("base_url", "is not a valid URI: " + e.getMessage());
        }
        if (!baseUrl.isAbsolute() || !baseUrl.getScheme().matches("(?i)https?")) {
            throw entry.error("base_url", "must be an absolute http(s) URL, got '" + url + "'");
        }
        String upstreamModel = entry.has("model") ? entry.string("model") : name;
        Long maxTokens = entry.optionalInteger("max_tokens", 1, Integer.MAX_VALUE);
        String effort = entry.optionalString("reasoning_effort");
        if (effort != null && !SamplingDefaults.REASONING_EFFORTS.contains(effort)) {
            throw entry.error("reasoning_effort", "must be one of minimal, low, medium, high, got '" + effort + "'");
        }
        ApiParameters api = api(entry, maxTokens);
        Double temperature = entry.optionalNumber("temperature", 0, 2);
        if (temperature != null && !api.acceptsTemperature()) {
            throw entry.error("temperature", api.thinkingBudget() != null
                    ? "cannot be set with thinking: Anthropic's extended thinking takes no temperature"
                    : "cannot be set when accepts_temperature is false");
        }
        SamplingDefaults defaults = new SamplingDefaults(maxTokens == null ? null : maxTokens.intValue(),
                temperature, effort);
        return new RemoteModelSpec(name, protocol, price(entry), limits(entry), baseUrl,
                entry.optionalString("api_key_env"), upstreamModel, defaults, api);
    }

    /** The parameters the entry's API takes, checked against one another and against its default cap. */
    private static ApiParameters api(YamlMap entry, Long maxTokens) {
        ApiParameters.TokenCap cap = ApiParameters.TokenCap.MAX_TOKENS;
        if (entry.has("max_tokens_param")) {
            String field = entry.string("max_tokens_param");
            cap = Stream.of(ApiParameters.TokenCap.values()).filter(c -> c.poolName().equals(field)).findFirst()
                    .orElseThrow(() -> entry.error("max_tokens_param",
                            "must be max_tokens, max_completion_tokens or none, got '" + field + "'"));
            if (cap == ApiParameters.TokenCap.NONE && maxTokens != null) {
                throw entry.error("max_tokens", "cannot be set when max_tokens_param is none (no cap is sent)");
            }
        }
        Integer budget = null;
        if (entry.has("thinking")) {
            YamlMap thinking = entry.map("thinking").allowOnly(THINKING_KEYS, "");
            budget = (int) thinking.integer("budget_tokens", ApiParameters.MIN_THINKING_BUDGET, Integer.MAX_VALUE);
            // Anthropic counts the thinking in max_tokens and refuses a cap that leaves no room for the answer.
            if (maxTokens == null || maxTokens <= budget) {
                throw entry.error("max_tokens", "must be set above thinking.budget_tokens (" + budget
                        + "): Anthropic counts thinking in max_tokens, got " + maxTokens);
            }
        }
        boolean temperature = entry.optionalBoolean("accepts_temperature", true);
        if (budget != null && entry.has("accepts_temperature") && temperature) {
            throw entry.error("accepts_temperature", "cannot be true with thinking: Anthropic's extended thinking "
                    + "takes no temperature");
        }
        Long context = entry.optionalInteger("context_tokens", 1, Integer.MAX_VALUE);
        if (context != null && maxTokens != null && maxTokens >= context) {
            throw entry.error("context_tokens", "must exceed max_tokens (" + maxTokens + "): the window holds the "
                    + "prompt and the reply, got " + context);
        }
        return new ApiParameters(cap, temperature && budget == null, budget,
                context == null ? null : context.intValue());
    }

    private static Limits limits(YamlMap entry) {
        return new Limits(positiveInt(entry, "max_concurrency"), positiveInt(entry, "requests_per_minute"),
                positiveInt(entry, "tokens_per_minute"), millis(entry, "timeout_ms", 1, Limits.DEFAULT_TIMEOUT));
    }

    private static Price price(YamlMap entry) {
        YamlMap p = entry.map("price").allowOnly(PRICE_KEYS, "");
        return new Price(p.number("input_per_mtok", 0, Double.MAX_VALUE),
                p.number("output_per_mtok", 0, Double.MAX_VALUE));
    }

    private static RetryPolicy retry(YamlMap top) {
        if (!top.has("retry")) {
            return RetryPolicy.DEFAULT;
        }
        RetryPolicy d = RetryPolicy.DEFAULT;
        YamlMap r = top.map("retry").allowOnly(RETRY_KEYS, "");
        RetryPolicy policy = new RetryPolicy(
                r.has("max_attempts") ? (int) r.integer("max_attempts", 1, 100) : d.maxAttempts(),
                millis(r, "initial_backoff_ms", 1, d.initialBackoff()),
                r.has("multiplier") ? r.number("multiplier", 1, 10) : d.multiplier(),
                millis(r, "max_backoff_ms", 1, d.maxBackoff()),
                r.has("jitter") ? r.number("jitter", 0, 0.99) : d.jitter());
        if (policy.maxBackoff().compareTo(policy.initialBackoff()) < 0) {
            throw r.error("max_backoff_ms", "must be at least initial_backoff_ms");
        }
        return policy;
    }

    private static BreakerPolicy breaker(YamlMap top) {
        if (!top.has("circuit_breaker")) {
            return BreakerPolicy.DEFAULT;
        }
        BreakerPolicy d = BreakerPolicy.DEFAULT;
        YamlMap b = top.map("circuit_breaker").allowOnly(BREAKER_KEYS, "");
        return new BreakerPolicy(
                b.has("failure_rate_percent") ? (float) b.number("failure_rate_percent", 1, 100)
                        : d.failureRatePercent(),
                b.has("window") ? (int) b.integer("window", 1, 100_000) : d.window(),
                b.has("minimum_calls") ? (int) b.integer("minimum_calls", 1, 100_000) : d.minimumCalls(),
                millis(b, "open_ms", 1, d.openFor()));
    }

    private static CacheSpec cache(YamlMap top, Path baseDir) {
        if (!top.has("cache")) {
            return CacheSpec.NONE;
        }
        YamlMap c = top.map("cache").allowOnly(CACHE_KEYS, "");
        String backend = c.string("backend");
        return switch (backend) {
            case "none" -> only(c, CacheSpec.NONE, "backend");
            case "sqlite" -> only(c, CacheSpec.sqlite(resolve(baseDir, c.string("path"))), "backend", "path");
            case "redis" -> {
                URI url;
                try {
                    url = new URI(c.string("url"));
                } catch (URISyntaxException e) {
                    throw c.error("url", "is not a valid URI");
                }
                if (url.getRawUserInfo() != null) {
                    throw c.error("url", "must not hold credentials; name the password's environment variable "
                            + "in password_env");
                }
                if (!"redis".equals(url.getScheme()) || url.getHost() == null) {
                    throw c.error("url", "must be redis://HOST:PORT[/DB], got '" + url + "'");
                }
                yield only(c, CacheSpec.redis(url, c.optionalString("password_env")), "backend", "url",
                        "password_env");
            }
            default -> throw c.error("backend", "must be none, sqlite or redis, got '" + backend + "'");
        };
    }

    private static Budget budget(YamlMap top) {
        if (!top.has("budget")) {
            return Budget.UNLIMITED;
        }
        YamlMap b = top.map("budget").allowOnly(BUDGET_KEYS, "");
        return new Budget(b.optionalInteger("calls", 0, Long.MAX_VALUE), b.optionalInteger("tokens", 0, Long.MAX_VALUE),
                b.optionalNumber("usd", 0, Double.MAX_VALUE));
    }

    /** The backend decides which of the cache keys apply; the others would be silently ignored, so they fail. */
    private static CacheSpec only(YamlMap cache, CacheSpec spec, String... allowed) {
        cache.allowOnly(List.of(allowed), " for backend " + spec.kind().name().toLowerCase(Locale.ROOT));
        return spec;
    }

    private static double rate(YamlMap map, String key) {
        return map.has(key) ? map.number(key, 0, 1) : 0;
    }

    private static Integer positiveInt(YamlMap map, String key) {
        Long value = map.optionalInteger(key, 1, Integer.MAX_VALUE);
        return value == null ? null : value.intValue();
    }

    private static Duration millis(YamlMap map, String key, long min, Duration fallback) {
        return map.has(key) ? Duration.ofMillis(map.integer(key, min, MAX_MS)) : fallback;
    }

    private static Path resolve(Path baseDir, String file) {
        return baseDir == null ? Path.of(file) : baseDir.resolve(file);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
