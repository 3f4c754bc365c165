package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training through an external gateway: under 20% injected faults (429s, 500s, timeouts, broken bodies) a run
 * ends exactly like the fault-free run, and a second run against the first run's response cache calls no
 * upstream at all and ends the same way.
 */
class GatewayFaultsAndCacheTrainingTest {
  private static final String FAULTS = """
          timeout_ms: 300
          faults: {rate_limited: 0.06, retry_after_ms: 10, server_error: 0.06, timeout: 0.02,
                   malformed_json: 0.03, truncated_stream: 0.03}
      """;
  private static final String FAST_RETRY =
      "retry: {max_attempts: 12, initial_backoff_ms: 5, multiplier: 2, max_backoff_ms: 50}\n";

  @TempDir
  Path dir;

  /** What a run decides, without its wall time: the head, every generation's numbers and the held-out table. */
  /**
   * What a run produced; {@code eval} without what grading code took (it depends on what this JVM's grade cache
   * already knew), whose sum of runs and cache hits, the code grades, is kept.
   */
  private record Outcome(float[] head, List<String> generations, String eval, long codeGrades) {}

  private Outcome train(Path poolFile, Path key, String runName) throws Exception {
    try (GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.load(poolFile)).answerKey(key)
        .build().start()) {
      return train(gateway, runName);
    }
  }

  private Outcome train(GatewayServer gateway, String runName) {
    Path runDir = dir.resolve(runName);
    TrainingJob.Result result = new TrainingJob(TrainingFixtures.config(runDir.getParent(), 2, 6, 6, 16,
        "gateway:\n  url: " + gateway.baseUrl() + "\n"), runDir.toString(), TrainingJob.Existing.FAIL).run();
    List<String> generations = result.metrics().stream().map(m -> m.generation() + " " + m.bestFitness() + " "
        + m.meanFitness() + " " + m.sigma() + " " + m.llmCalls() + " " + m.promptTokens() + " "
        + m.completionTokens() + " " + m.costUsd() + " " + m.modelChoices() + " " + m.roleChoices()).toList();
    // The head's name in the report carries the run's own id, which differs from run to run.
    var grading = result.eval().codeGrading();
    return new Outcome(result.head(), generations,
        String.valueOf(result.eval().withCodeGrading(null)).replace(result.runId(), "<run>"),
        grading == null ? 0 : grading.runs() + grading.cacheHits());
  }

  private Path answerKey() throws Exception {
    Path key = dir.resolve("key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(DemoTasks.load(), out);
    }
    return key;
  }

  private Path pool(String name, String top, String perModel) throws Exception {
    String yaml = Files.readString(TrainingFixtures.demoPoolWithoutLatency(dir))
        .replace("    provider: sim\n", "    provider: sim\n" + perModel);
    return Files.writeString(dir.resolve(name), top + yaml);
  }

  @Test
  void twentyPercentFaultsChangeNothingButTheRetries() throws Exception {
    Path key = answerKey();
    Outcome clean = train(pool("clean.yaml", FAST_RETRY, ""), key, "clean");
    try (GatewayServer faulty = GatewayServer.builder().pool(PoolConfig.load(pool("faulty.yaml", FAST_RETRY,
        FAULTS))).answerKey(key).build().start()) {
      Outcome withFaults = train(faulty, "faulty");
      assertArrayEquals(clean.head(), withFaults.head());
      assertEquals(clean.generations(), withFaults.generations());
      assertEquals(clean.eval(), withFaults.eval());
      assertEquals(clean.codeGrades(), withFaults.codeGrades());
      double retries = faulty.metricsText().lines()
          .filter(l -> l.startsWith("gateway_upstream_retries_total"))
          .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
      assertEquals(retries, faulty.retries(), "the metrics and the retry count agree");
      long paid = faulty.accounting().total().upstreamCalls();
      assertTrue(retries > 0.1 * paid, retries + " retries for " + paid + " paid calls");
      assertEquals(0, faulty.accounting().total().failures());
    }
  }

  @Test
  void aSecondRunOnTheSameCacheCallsNoUpstream() throws Exception {
    Path key = answerKey();
    Path poolFile = pool("cached.yaml", "cache: {backend: sqlite, path: replies.db}\n", "");
    Outcome first;
    try (GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.load(poolFile)).answerKey(key)
        .build().start()) {
      first = train(gateway, "first");
      assertTrue(gateway.accounting().total().upstreamCalls() > 0);
    }
    try (GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.load(poolFile)).answerKey(key)
        .build().start()) {
      Outcome second = train(gateway, "second");
      assertEquals(0, gateway.accounting().total().upstreamCalls(), "the second run paid for calls");
      assertTrue(gateway.accounting().total().cacheHits() > 0);
      assertArrayEquals(first.head(), second.head());
      assertEquals(first.generations(), second.generations());
      assertEquals(first.eval(), second.eval());
      assertEquals(first.codeGrades(), second.codeGrades());
    }
  }
}
