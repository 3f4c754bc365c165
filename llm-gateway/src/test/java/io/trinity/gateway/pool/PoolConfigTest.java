package io.trinity.gateway.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolConfigTest {

    private static final String EXAMPLE = """
            seed: 7
            answer_key: keys/key.jsonl
            models:
              - name: sim-mathwiz
                provider: sim
                price: {input_per_mtok: 0.6, output_per_mtok: 2.4}
                latency: {base_ms: 40, jitter_ms: 20}
                thinker_boost: 0.25
                skills:
                  default: {thinker: 0.5, worker: 0.5, verifier: 0.6}
                  gsm8k:   {thinker: 0.7, worker: 0.85, verifier: 0.8}
              - name: gpt-x
                provider: openai
                base_url: https://api.example.com/v1
                api_key_env: EXAMPLE_API_KEY
                model: upstream-model-name
                timeout_ms: 30000
                max_tokens: 2048
                temperature: 0.7
                reasoning_effort: low
                max_concurrency: 8
                requests_per_minute: 600
                tokens_per_minute: 200000
                price: {input_per_mtok: 1.0, output_per_mtok: 3.0}
            """;

    private static String failure(String yaml) {
        return assertThrows(PoolConfigException.class, () -> PoolConfig.parse(yaml, "pool.yaml")).getMessage();
    }

    private static void assertMessage(String expected, String actual) {
        assertTrue(actual.contains(expected), "expected '" + expected + "' in: " + actual);
    }

    @Test
    void parsesEveryField() {
        PoolConfig pool = PoolConfig.parse(EXAMPLE, "pool.yaml");
        assertEquals(7, pool.seed());
        assertEquals(Path.of("keys/key.jsonl"), pool.answerKey());
        assertEquals(List.of("sim-mathwiz", "gpt-x"), pool.modelNames());
        SimModelSpec sim = (SimModelSpec) pool.model("sim-mathwiz");
        assertEquals(new Price(0.6, 2.4), sim.price());
        assertEquals(new Latency(40, 20), sim.latency());
        assertEquals(0.25, sim.thinkerBoost());
        assertEquals(new RoleSkills(0.7, 0.85, 0.8), sim.skillsFor("gsm8k"));
        assertEquals(new RoleSkills(0.5, 0.5, 0.6), sim.skillsFor("mmlu"));
        assertEquals(new RemoteModelSpec("gpt-x", RemoteModelSpec.Protocol.OPENAI, new Price(1.0, 3.0),
                new Limits(8, 600, 200000, Duration.ofSeconds(30)), URI.create("https://api.example.com/v1"),
                "EXAMPLE_API_KEY", "upstream-model-name", new SamplingDefaults(2048, 0.7, "low"), ApiParameters.OPENAI),
                pool.model("gpt-x"));
        assertEquals(GatewaySettings.DEFAULT, pool.settings());
        assertEquals(3.0e-6 * 1000 + 1.0e-6 * 500, pool.model("gpt-x").price().cost(500, 1000), 1e-15);
    }

    @Test
    void optionalKeysHaveDefaults() {
        PoolConfig pool = PoolConfig.parse("""
                models:
                  - name: s
                    provider: sim
                    price: {input_per_mtok: 0, output_per_mtok: 0}
                    skills: {default: {thinker: 1, worker: 1, verifier: 1}}
                  - name: local-vllm
                    provider: openai
                    base_url: http://127.0.0.1:8000/v1
                    price: {input_per_mtok: 0, output_per_mtok: 0}
                """, "pool.yaml");
        assertEquals(0, pool.seed());
        assertNull(pool.answerKey());
        SimModelSpec sim = (SimModelSpec) pool.model("s");
        assertEquals(Latency.NONE, sim.latency());
        assertEquals(0.5, sim.thinkerBoost());
        assertEquals(Limits.NONE, sim.limits());
        assertEquals(SimFaults.NONE, sim.faults());
        assertEquals(new RemoteModelSpec("local-vllm", RemoteModelSpec.Protocol.OPENAI, new Price(0, 0), Limits.NONE,
                URI.create("http://127.0.0.1:8000/v1"), null, "local-vllm", SamplingDefaults.NONE,
                ApiParameters.OPENAI),
                pool.model("local-vllm"));
    }

    @Test
    void unknownKeyNamesSourceModelEntryAndKey() {
        String message = failure(EXAMPLE.replace("base_url:", "base_uri:"));
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'base_uri' for provider openai", message);
        assertMessage("allowed keys: name, provider, price, max_concurrency, requests_per_minute, tokens_per_minute, "
                + "timeout_ms, base_url, api_key_env, model, max_tokens, temperature, accepts_temperature, "
                + "context_tokens, reasoning_effort, max_tokens_param", message);
        assertMessage("pool.yaml: models[0] (sim-mathwiz): unknown key 'skills.gsm8k.thinkr'",
                failure(EXAMPLE.replace("gsm8k:   {thinker:", "gsm8k:   {thinkr:")));
        assertMessage("pool.yaml: models[0] (sim-mathwiz): unknown key 'latency.jiter_ms'",
                failure(EXAMPLE.replace("jitter_ms", "jiter_ms")));
        assertMessage("pool.yaml: unknown key 'modles'", failure(EXAMPLE.replace("models:", "modles:")));
    }

    @Test
    void simOnlyKeysAreUnknownForOpenAiEntries() {
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'latency' for provider openai",
                failure(EXAMPLE + "    latency: {base_ms: 1}\n"));
    }

    @Test
    void missingRequiredKeysAreNamed() {
        assertMessage("pool.yaml: models[0] (sim-mathwiz): missing required key 'price.output_per_mtok'",
                failure(EXAMPLE.replace("output_per_mtok: 2.4", "")));
        assertMessage("pool.yaml: models[1] (gpt-x): missing required key 'base_url'",
                failure(EXAMPLE.replace("    base_url: https://api.example.com/v1\n", "")));
        assertMessage("pool.yaml: models[0]: missing required key 'name'",
                failure(EXAMPLE.replace("  - name: sim-mathwiz\n    provider", "  - provider")));
        assertMessage("pool.yaml: models[0] (sim-mathwiz): key 'skills' must have a 'default' category",
                failure(EXAMPLE.replace("      default: {thinker: 0.5, worker: 0.5, verifier: 0.6}\n", "")));
        assertMessage("pool.yaml: missing required key 'models'", failure("seed: 3\n"));
    }

    @Test
    void valuesAreCheckedForTypeAndRange() {
        assertMessage("pool.yaml: models[0] (sim-mathwiz): key 'skills.gsm8k.worker' must be between 0 and 1, got 1.5",
                failure(EXAMPLE.replace("worker: 0.85", "worker: 1.5")));
        assertMessage("pool.yaml: models[0] (sim-mathwiz): key 'latency.base_ms' must be an integer, got \"fast\"",
                failure(EXAMPLE.replace("base_ms: 40", "base_ms: fast")));
        assertMessage("pool.yaml: models[0] (sim-mathwiz): key 'price.input_per_mtok' must be at least 0, got -1",
                failure(EXAMPLE.replace("input_per_mtok: 0.6", "input_per_mtok: -1")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'temperature' must be between 0 and 2, got 3",
                failure(EXAMPLE.replace("temperature: 0.7", "temperature: 3")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'base_url' must be an absolute http(s) URL",
                failure(EXAMPLE.replace("https://api.example.com/v1", "api.example.com/v1")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'provider' must be openai, anthropic or sim, got 'gemini'",
                failure(EXAMPLE.replace("provider: openai", "provider: gemini")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'max_concurrency' must be between 1 and 2147483647, got 0",
                failure(EXAMPLE.replace("max_concurrency: 8", "max_concurrency: 0")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'requests_per_minute' must be an integer, got 1.5",
                failure(EXAMPLE.replace("requests_per_minute: 600", "requests_per_minute: 1.5")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'reasoning_effort' must be one of minimal, low, medium, "
                + "high, got 'max'", failure(EXAMPLE.replace("reasoning_effort: low", "reasoning_effort: max")));
    }

    @Test
    void anthropicEntriesTakeTheRemoteKeysButNotReasoningEffort() {
        PoolConfig pool = PoolConfig.parse(EXAMPLE.replace("provider: openai", "provider: anthropic")
                .replace("    reasoning_effort: low\n", ""), "pool.yaml");
        RemoteModelSpec claude = (RemoteModelSpec) pool.model("gpt-x");
        assertEquals(RemoteModelSpec.Protocol.ANTHROPIC, claude.protocol());
        assertEquals("anthropic", claude.provider());
        assertEquals(new SamplingDefaults(2048, 0.7, null), claude.defaults());
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'reasoning_effort' for provider anthropic",
                failure(EXAMPLE.replace("provider: openai", "provider: anthropic")));
    }

    @Test
    void providerParametersAreReadAndCheckedAgainstOneAnother() {
        String reasoning = EXAMPLE.replace("    temperature: 0.7\n", """
                    max_tokens_param: max_completion_tokens
                    accepts_temperature: false
                    context_tokens: 200000
                """);
        RemoteModelSpec o = (RemoteModelSpec) PoolConfig.parse(reasoning, "pool.yaml").model("gpt-x");
        assertEquals(new ApiParameters(ApiParameters.TokenCap.MAX_COMPLETION_TOKENS, false, null, 200_000), o.api());
        assertEquals(new SamplingDefaults(2048, null, "low"), o.defaults());
        assertEquals(ApiParameters.OPENAI, ((RemoteModelSpec) PoolConfig.parse(EXAMPLE, "pool.yaml")
                .model("gpt-x")).api());

        String anthropic = EXAMPLE.replace("provider: openai", "provider: anthropic")
                .replace("    reasoning_effort: low\n", "");
        String thinking = anthropic.replace("    temperature: 0.7\n", "    thinking: {budget_tokens: 1024}\n");
        RemoteModelSpec claude = (RemoteModelSpec) PoolConfig.parse(thinking, "pool.yaml").model("gpt-x");
        assertEquals(new ApiParameters(ApiParameters.TokenCap.MAX_TOKENS, false, 1024, null), claude.api());
        assertTrue(claude.upstreamIdentity().endsWith(" thinking 1024"), claude.upstreamIdentity());

        assertMessage("pool.yaml: models[1] (gpt-x): key 'temperature' cannot be set when accepts_temperature is "
                + "false", failure(EXAMPLE + "    accepts_temperature: false\n"));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'accepts_temperature' must be true or false, got \"no\"",
                failure(EXAMPLE + "    accepts_temperature: \"no\"\n"));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'max_tokens_param' must be max_tokens, "
                + "max_completion_tokens or none, got 'max_output_tokens'",
                failure(EXAMPLE + "    max_tokens_param: max_output_tokens\n"));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'max_tokens' cannot be set when max_tokens_param is none",
                failure(EXAMPLE + "    max_tokens_param: none\n"));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'context_tokens' must exceed max_tokens (2048)",
                failure(EXAMPLE + "    context_tokens: 2048\n"));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'temperature' cannot be set with thinking",
                failure(anthropic + "    thinking: {budget_tokens: 1024}\n"));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'thinking.budget_tokens' must be between 1024 and "
                + "2147483647, got 512",
                failure(thinking.replace("budget_tokens: 1024", "budget_tokens: 512")));
        assertMessage("pool.yaml: models[1] (gpt-x): key 'max_tokens' must be set above thinking.budget_tokens "
                + "(4096)", failure(thinking.replace("budget_tokens: 1024", "budget_tokens: 4096")));
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'thinking.type'",
                failure(thinking.replace("{budget_tokens: 1024}", "{type: enabled, budget_tokens: 1024}")));
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'thinking' for provider openai",
                failure(EXAMPLE.replace("    temperature: 0.7\n", "    thinking: {budget_tokens: 1024}\n")));
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'max_tokens_param' for provider anthropic",
                failure(anthropic + "    max_tokens_param: max_tokens\n"));
        assertMessage("pool.yaml: models[0] (sim-mathwiz): unknown key 'context_tokens' for provider sim",
                failure(EXAMPLE.replace("    thinker_boost:", "    context_tokens: 100\n    thinker_boost:")));
    }

    @Test
    void theLongestCallCoversTheExamplePoolsRetrySchedule() {
        PoolConfig example = PoolConfig.load(repositoryFile("cluster-configs/pools/openai-compatible.example.yaml"));
        // 8 attempts of 120 s; waits of 0.5 s doubling to 32 s, stretched by the jitter (x1.5) and at least the
        // breaker's default 10 s open time: 10 + 10 + 10 + 10 + 12 + 24 + 48 s; then the slack.
        assertEquals(Duration.ofSeconds(8 * 120 + 124).plus(PoolConfig.CALL_SLACK), example.longestCall());
        assertTrue(example.longestCall().compareTo(Duration.ofMinutes(5)) > 0, "the old fixed 5 minutes were short");
        assertEquals(Duration.ofMillis(6 * 60_000 + 5 * 10_000).plus(PoolConfig.CALL_SLACK),
                PoolConfig.parse("models:\n" + EXAMPLE.substring(EXAMPLE.indexOf("  - name: sim-mathwiz")),
                        "defaults").longestCall(), "default retries: 6 attempts; the default timeout is 60 s");
    }

    @Test
    void gatewaySettingsAndSimFaultsAreRead(@TempDir Path dir) throws IOException {
        String yaml = EXAMPLE.replace("seed: 7\n", """
                seed: 7
                retry: {max_attempts: 4, initial_backoff_ms: 10, multiplier: 3, max_backoff_ms: 500, jitter: 0.2}
                circuit_breaker: {failure_rate_percent: 60, window: 10, minimum_calls: 5, open_ms: 2000}
                cache: {backend: sqlite, path: cache/replies.db}
                budget: {calls: 100, tokens: 50000, usd: 2.5}
                auth_token_env: GATEWAY_TOKEN
                """).replace("    thinker_boost: 0.25\n", """
                    thinker_boost: 0.25
                    timeout_ms: 300
                    faults: {rate_limited: 0.1, retry_after_ms: 50, server_error: 0.05, timeout: 0.05,
                             slow: 0.1, slow_ms: 200, malformed_json: 0.02, truncated_stream: 0.03}
                """);
        PoolConfig pool = PoolConfig.load(Files.writeString(dir.resolve("pool.yaml"), yaml));
        GatewaySettings s = pool.settings();
        assertEquals(new RetryPolicy(4, Duration.ofMillis(10), 3, Duration.ofMillis(500), 0.2), s.retry());
        assertEquals(new BreakerPolicy(60, 10, 5, Duration.ofSeconds(2)), s.breaker());
        assertEquals(CacheSpec.sqlite(dir.toAbsolutePath().resolve("cache/replies.db")), s.cache());
        assertEquals(new Budget(100L, 50000L, 2.5), s.budget());
        assertEquals("GATEWAY_TOKEN", s.authTokenEnv());
        SimModelSpec sim = (SimModelSpec) pool.model("sim-mathwiz");
        assertEquals(new SimFaults(0.1, Duration.ofMillis(50), 0.05, 0.05, 0.1, Duration.ofMillis(200), 0.02, 0.03),
                sim.faults());
        assertEquals(Duration.ofMillis(300), sim.limits().timeout());

        assertMessage("pool.yaml: models[0] (sim-mathwiz): key 'faults' rates must add up to at most 1",
                failure(yaml.replace("slow: 0.1", "slow: 0.9")));
        assertMessage("pool.yaml: unknown key 'cache.url' for backend sqlite; allowed keys: backend, path",
                failure(yaml.replace("path: cache/replies.db", "path: c.db, url: redis://h:1")));
        assertMessage("pool.yaml: key 'cache.url' must not hold credentials",
                failure(yaml.replace("{backend: sqlite, path: cache/replies.db}",
                        "{backend: redis, url: 'redis://:hunter2@h:6379'}")));
        assertTrue(!failure(yaml.replace("{backend: sqlite, path: cache/replies.db}",
                "{backend: redis, url: 'redis://:hunter2@h:6379'}")).contains("hunter2"));
        assertMessage("pool.yaml: unknown key 'retry.max_attempt'",
                failure(yaml.replace("max_attempts", "max_attempt")));
        assertMessage("pool.yaml: key 'retry.max_backoff_ms' must be at least initial_backoff_ms",
                failure(yaml.replace("max_backoff_ms: 500", "max_backoff_ms: 5")));
        assertMessage("pool.yaml: key 'budget.usd' must be at least 0, got -1",
                failure(yaml.replace("usd: 2.5", "usd: -1")));
        assertMessage("pool.yaml: key 'cache.backend' must be none, sqlite or redis, got 'memcached'",
                failure(yaml.replace("backend: sqlite", "backend: memcached")));
    }

    @Test
    void duplicatesAreRejected() {
        assertMessage("pool.yaml: duplicate model name 'gpt-x'",
                failure(EXAMPLE.replace("name: sim-mathwiz", "name: gpt-x")));
        assertMessage("pool.yaml:2: not valid YAML: Duplicate field 'seed'", failure("seed: 1\nseed: 2\n"));
    }

    @Test
    void loadResolvesTheAnswerKeyAgainstThePoolFilesFolder(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("pool.yaml"), EXAMPLE);
        PoolConfig pool = PoolConfig.load(file);
        assertEquals(dir.toAbsolutePath().resolve("keys/key.jsonl"), pool.answerKey());
        assertEquals(Path.of("/run/key.jsonl"), pool.withAnswerKey(Path.of("/run/key.jsonl")).answerKey());
        assertMessage(file + ": models[1] (gpt-x): unknown key 'base_uri'",
                assertThrows(PoolConfigException.class, () -> PoolConfig.load(
                        Files.writeString(file, EXAMPLE.replace("base_url", "base_uri")))).getMessage());
    }

    private static Path repositoryFile(String path) {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("cluster-configs/pools"))) {
            dir = dir.getParent();
        }
        return dir.resolve(path);
    }

    @Test
    void theRepositorysPoolFilesParse() {
        PoolConfig real = PoolConfig.load(repositoryFile("cluster-configs/pools/openai-compatible.example.yaml"));
        assertEquals(List.of("qwen3-32b", "gpt-4.1-mini", "o4-mini", "claude-sonnet", "claude-sonnet-thinking"),
                real.modelNames());
        assertEquals("anthropic", real.model("claude-sonnet").provider());
        assertEquals(new ApiParameters(ApiParameters.TokenCap.MAX_COMPLETION_TOKENS, false, null, 200_000),
                ((RemoteModelSpec) real.model("o4-mini")).api());
        assertEquals(new ApiParameters(ApiParameters.TokenCap.MAX_TOKENS, false, 4096, 200_000),
                ((RemoteModelSpec) real.model("claude-sonnet-thinking")).api());
        assertEquals(CacheSpec.Kind.SQLITE, real.settings().cache().kind());
        PoolConfig sim = PoolConfig.load(repositoryFile("cluster-configs/pools/sim-4.yaml"));
        assertEquals(4, sim.modelNames().size());
        // The cluster variants are sim-4 with a cache (and, shared, a token): the same models and seed.
        PoolConfig cluster = PoolConfig.load(repositoryFile("cluster-configs/pools/sim-4-cluster.yaml"));
        assertEquals(sim.models(), cluster.models());
        assertEquals(sim.seed(), cluster.seed());
        assertEquals(CacheSpec.Kind.SQLITE, cluster.settings().cache().kind());
        PoolConfig shared = PoolConfig.load(repositoryFile("cluster-configs/pools/sim-4-shared.yaml"));
        assertEquals(sim.models(), shared.models());
        assertEquals(CacheSpec.Kind.REDIS, shared.settings().cache().kind());
        assertEquals("TRINITY_GATEWAY_TOKEN", shared.settings().authTokenEnv());
    }
}
