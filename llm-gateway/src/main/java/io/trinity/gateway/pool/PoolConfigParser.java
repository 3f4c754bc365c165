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
import java.util.Map;

/** Reads the pool YAML schema (see the module README) into a {@link PoolConfig}, rejecting anything unexpected. */
final class PoolConfigParser {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final List<String> TOP_KEYS = List.of("seed", "answer_key", "models");
    private static final List<String> SIM_KEYS =
            List.of("name", "provider", "price", "latency", "thinker_boost", "skills");
    private static final List<String> OPENAI_KEYS = List.of("name", "provider", "price", "base_url", "api_key_env",
            "model", "timeout_ms", "max_tokens", "temperature");
    private static final List<String> PRICE_KEYS = List.of("input_per_mtok", "output_per_mtok");
    private static final List<String> LATENCY_KEYS = List.of("base_ms", "jitter_ms");
    private static final List<String> ROLE_KEYS = List.of("thinker", "worker", "verifier");
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
        Path answerKey = key == null ? null : baseDir == null ? Path.of(key) : baseDir.resolve(key);
        List<JsonNode> entries = top.list("models");
        if (entries.isEmpty()) {
            throw top.error("models", "must list at least one model");
        }
        List<ModelSpec> models = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            models.add(model(entries.get(i), source + ": models[" + i + "]"));
        }
        return new PoolConfig(source, seed, answerKey, models);
    }

    private static ModelSpec model(JsonNode node, String where) {
        String name = YamlMap.of(node, where, "a model entry").string("name");
        YamlMap entry = YamlMap.of(node, where + " (" + name + ")", "a model entry");
        String provider = entry.string("provider");
        return switch (provider) {
            case "sim" -> sim(entry.allowOnly(SIM_KEYS, " for provider sim"), name);
            case "openai" -> openAi(entry.allowOnly(OPENAI_KEYS, " for provider openai"), name);
            default -> throw entry.error("provider", "must be sim or openai, got '" + provider + "'");
        };
    }

    private static SimModelSpec sim(YamlMap entry, String name) {
        Latency latency = Latency.NONE;
        if (entry.has("latency")) {
            YamlMap l = entry.map("latency").allowOnly(LATENCY_KEYS, "");
            latency = new Latency(l.integer("base_ms", 0, MAX_MS),
                    l.has("jitter_ms") ? l.integer("jitter_ms", 0, MAX_MS) : 0);
        }
        double boost = entry.has("thinker_boost")
                ? entry.number("thinker_boost", 0, 1) : SimModelSpec.DEFAULT_THINKER_BOOST;
        YamlMap skillsMap = entry.map("skills");
        if (!skillsMap.has(SimModelSpec.DEFAULT_CATEGORY)) {
            throw entry.error("skills", "must have a '" + SimModelSpec.DEFAULT_CATEGORY + "' category");
        }
        Map<String, RoleSkills> skills = new LinkedHashMap<>();
        for (String category : skillsMap.keys()) {
            YamlMap s = skillsMap.map(category).allowOnly(ROLE_KEYS, "");
            skills.put(category, new RoleSkills(
                    s.number("thinker", 0, 1), s.number("worker", 0, 1), s.number("verifier", 0, 1)));
        }
        return new SimModelSpec(name, price(entry), latency, boost, skills);
    }

    private static OpenAiModelSpec openAi(YamlMap entry, String name) {
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
        Duration timeout = entry.has("timeout_ms")
                ? Duration.ofMillis(entry.integer("timeout_ms", 1, MAX_MS)) : OpenAiModelSpec.DEFAULT_TIMEOUT;
        Long maxTokens = entry.optionalInteger("max_tokens", 1, Integer.MAX_VALUE);
        return new OpenAiModelSpec(name, price(entry), baseUrl, entry.optionalString("api_key_env"), upstreamModel,
                timeout, maxTokens == null ? null : maxTokens.intValue(), entry.optionalNumber("temperature", 0, 2));
    }

    private static Price price(YamlMap entry) {
        YamlMap p = entry.map("price").allowOnly(PRICE_KEYS, "");
        return new Price(p.number("input_per_mtok", 0, Double.MAX_VALUE),
                p.number("output_per_mtok", 0, Double.MAX_VALUE));
    }
}
