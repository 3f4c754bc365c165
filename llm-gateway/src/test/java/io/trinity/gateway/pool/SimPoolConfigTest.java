package io.trinity.gateway.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sim model's pool-file keys: latent difficulty, Verifier error rates, reply lengths, lognormal latency. */
class SimPoolConfigTest {

    private static final String POOL = """
            difficulty: {spread: 2.5, model_spread: 0.25}
            models:
              - name: s
                provider: sim
                price: {input_per_mtok: 0, output_per_mtok: 0}
                latency: {base_ms: 800, jitter_ms: 10, sigma: 0.7, ms_per_token: 12.5}
                reply_tokens: {thinker: 300, worker: 600, verifier: 80, sigma: 0.4}
                skills:
                  default: {thinker: 0.4, worker: 0.5, recall: 0.7, false_reject: 0.1}
                  math:    {thinker: 0.6, worker: 0.8, verifier: 0.9}
            """;

    private static String failure(String yaml) {
        return assertThrows(PoolConfigException.class, () -> PoolConfig.parse(yaml, "pool.yaml")).getMessage();
    }

    private static void assertMessage(String expected, String actual) {
        assertTrue(actual.contains(expected), "expected '" + expected + "' in: " + actual);
    }

    @Test
    void parsesTheSimKeys() {
        SimModelSpec sim = (SimModelSpec) PoolConfig.parse(POOL, "pool.yaml").model("s");
        assertEquals(new Difficulty(2.5, 0.25), sim.difficulty());
        assertEquals(new Latency(800, 10, 0.7, 12.5), sim.latency());
        assertEquals(new ReplyTokens(300, 600, 80, 0.4), sim.replyTokens());
        assertEquals(new RoleSkills(0.4, 0.5, 0.7, 0.1), sim.skillsFor("default"));
        // The one-number Verifier: right verdicts with probability 0.9 either way.
        RoleSkills math = sim.skillsFor("math");
        assertEquals(0.9, math.recall());
        assertEquals(0.1, math.falseReject(), 1e-12);
    }

    @Test
    void olderPoolFilesReadWithTheDefaultDifficultyAndTheirTextsLengths() {
        SimModelSpec sim = (SimModelSpec) PoolConfig.parse("""
                models:
                  - name: s
                    provider: sim
                    price: {input_per_mtok: 0, output_per_mtok: 0}
                    latency: {base_ms: 25, jitter_ms: 25}
                    skills: {default: {thinker: 1, worker: 1, verifier: 1}}
                """, "pool.yaml").model("s");
        assertEquals(Difficulty.DEFAULT, sim.difficulty());
        assertEquals(ReplyTokens.FROM_TEXT, sim.replyTokens());
        assertEquals(new Latency(25, 25, 0, 0), sim.latency());
    }

    @Test
    void theDifficultyIsPartOfTheCacheIdentity() {
        String a = PoolConfig.parse(POOL, "pool.yaml").model("s").upstreamIdentity();
        String b = PoolConfig.parse(POOL.replace("spread: 2.5", "spread: 3.5"), "pool.yaml").model("s")
                .upstreamIdentity();
        assertNotEquals(a, b);
    }

    @Test
    void theLatencyScaleMultipliesEveryModelsTimesAndKeepsTheSpread() {
        SimModelSpec none = (SimModelSpec) PoolConfig.parse("latency_scale: 0\n" + POOL, "pool.yaml").model("s");
        assertEquals(new Latency(0, 0, 0.7, 0), none.latency());
        SimModelSpec half = (SimModelSpec) PoolConfig.parse("latency_scale: 0.5\n" + POOL, "pool.yaml").model("s");
        assertEquals(new Latency(400, 5, 0.7, 6.25), half.latency());
        assertMessage("pool.yaml: key 'latency_scale' must be", failure("latency_scale: -1\n" + POOL));
    }

    @Test
    void badSimKeysAreNamed() {
        assertMessage("pool.yaml: models[0] (s): key 'skills.math.verifier' and recall/false_reject are two ways",
                failure(POOL.replace("verifier: 0.9}", "verifier: 0.9, recall: 0.5}")));
        assertMessage("pool.yaml: models[0] (s): key 'skills.math.verifier' is missing: give verifier, or both",
                failure(POOL.replace(", verifier: 0.9}", "}")));
        assertMessage("pool.yaml: models[0] (s): missing required key 'skills.default.false_reject'",
                failure(POOL.replace(", false_reject: 0.1}", "}")));
        assertMessage("pool.yaml: unknown key 'difficulty.sprad'", failure(POOL.replace("{spread:", "{sprad:")));
        assertMessage("pool.yaml: key 'difficulty.spread' must be", failure(POOL.replace("spread: 2.5", "spread: -1")));
        assertMessage("pool.yaml: models[0] (s): key 'reply_tokens.worker' must be",
                failure(POOL.replace("worker: 600", "worker: 0")));
        assertMessage("pool.yaml: models[0] (s): missing required key 'reply_tokens.verifier'",
                failure(POOL.replace("verifier: 80, ", "")));
        assertMessage("pool.yaml: models[0] (s): key 'latency.sigma' must be",
                failure(POOL.replace("sigma: 0.7", "sigma: 7")));
        assertMessage("pool.yaml: models[0] (s): key 'skills.default.recall' must be",
                failure(POOL.replace("recall: 0.7", "recall: 1.5")));
    }

    @Test
    void theRepositorysSimPoolsParse() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("cluster-configs/pools"))) {
            dir = dir.getParent();
        }
        PoolConfig demo = PoolConfig.load(dir.resolve("cluster-configs/pools/sim-4.yaml"));
        assertEquals(new Difficulty(5.0, 0.5), ((SimModelSpec) demo.models().get(0)).difficulty());
        PoolConfig paper = PoolConfig.load(dir.resolve("cluster-configs/pools/sim-paper-7.yaml"));
        assertEquals(List.of("gpt-5", "claude-sonnet-4", "gemini-2.5-pro", "deepseek-r1-distill-qwen-32b",
                "gemma-3-27b-it", "qwen3-32b-reasoning", "qwen3-32b-direct"), paper.modelNames());
    }
}
