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
        assertEquals(new OpenAiModelSpec("gpt-x", new Price(1.0, 3.0), URI.create("https://api.example.com/v1"),
                "EXAMPLE_API_KEY", "upstream-model-name", Duration.ofSeconds(30), 2048, 0.7), pool.model("gpt-x"));
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
        OpenAiModelSpec openAi = (OpenAiModelSpec) pool.model("local-vllm");
        assertEquals(new OpenAiModelSpec("local-vllm", new Price(0, 0), URI.create("http://127.0.0.1:8000/v1"), null,
                "local-vllm", OpenAiModelSpec.DEFAULT_TIMEOUT, null, null), openAi);
    }

    @Test
    void unknownKeyNamesSourceModelEntryAndKey() {
        String message = failure(EXAMPLE.replace("base_url:", "base_uri:"));
        assertMessage("pool.yaml: models[1] (gpt-x): unknown key 'base_uri' for provider openai", message);
        assertMessage("allowed keys: name, provider, price, base_url", message);
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
        assertMessage("pool.yaml: models[1] (gpt-x): key 'provider' must be sim or openai, got 'anthropic'",
                failure(EXAMPLE.replace("provider: openai", "provider: anthropic")));
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
}
