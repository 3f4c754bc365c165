package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.gateway.RunStoppedException;
import io.trinity.fitness.demo.DemoTasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training against paid-API stand-ins that misbehave as real ones do, over real HTTP through the in-process
 * gateway: per-request failures are counted and played through, a resumed run ends where an undisturbed one does,
 * and a rejected key stops the run in its first generation without paying for more calls.
 */
class ChaosTrainingTest {
  /** Set by surefire (driver/pom.xml); it stands for a provider key the test's upstreams check nothing of. */
  private static final String KEY_ENV = "TRINITY_TEST_GATEWAY_TOKEN";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private static TrainingConfig config(Path dir, int generations, String pool, String episode) throws IOException {
    return config(dir, generations, pool, episode, true);
  }

  /** With {@code preflight} false the run's own path meets the pool's failures, as with a key revoked mid-run. */
  private static TrainingConfig config(Path dir, int generations, String pool, String episode, boolean preflight)
      throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("pool.yaml"), pool);
    Files.writeString(dir.resolve("train.yaml"), """
        run:
          seed: 42
          generations: %d
          population: 4
          tasks_per_generation: 4
          sigma0: 0.5
          validate_every: 2
        tasks:
          bundled: demo
          held_out_fraction: 0.2
          validation_fraction: 0.1
        encoder:
          dimension: 16
          features: [shapes, state]
        %s
        pool:
          file: pool.yaml
          preflight: %b
        spark:
          master: local[2]
          partitions: 2
          conf:
            spark.ui.enabled: "false"
        """.formatted(generations, episode.stripTrailing(), preflight));
    return ConfigLoader.load(dir.resolve("train.yaml"));
  }

  private static String pool(ChaosUpstream... upstreams) {
    StringBuilder yaml = new StringBuilder("""
        retry: {max_attempts: 2, initial_backoff_ms: 5, max_backoff_ms: 10}
        models:
        """);
    char name = 'a';
    for (ChaosUpstream upstream : upstreams) {
      yaml.append("""
            - name: chaos-%s
              provider: openai
              base_url: %s
              api_key_env: %s
              model: chaos-%s-upstream
              price: {input_per_mtok: 1, output_per_mtok: 2}
          """.formatted(name, upstream.baseUrl(), KEY_ENV, name));
      name++;
    }
    return yaml.toString();
  }

  @Test
  void aRunThroughFailingTurnsCountsThemAndAResumeEndsWhereTheUndisturbedRunEnds() throws Exception {
    var tasks = DemoTasks.load();
    try (ChaosUpstream a = new ChaosUpstream(tasks, 0.8, new ChaosUpstream.Shares(0.1, 0.1, 0.1, 0.1));
         ChaosUpstream b = new ChaosUpstream(tasks, 0.5, new ChaosUpstream.Shares(0.05, 0, 0.05, 0.05))) {
      String pool = pool(a, b);
      String episode = "episode:\n  max_turns: 3\n  max_in_flight: 8\n  on_turn_error: continue\n";
      TrainingJob.Result whole = new TrainingJob(config(dir.resolve("whole"), 3, pool, episode),
          dir.resolve("whole/run").toString(), TrainingJob.Existing.FAIL).run();

      assertEquals(3, whole.metrics().size(), "the run completed every generation");
      List<JsonNode> lines = metricsLines(dir.resolve("whole/run"));
      Map<String, Integer> kinds = new TreeMap<>();
      for (JsonNode line : lines) {
        line.path("turn_failures").fields().forEachRemaining(model -> model.getValue().fields()
            .forEachRemaining(kind -> kinds.merge(model.getKey() + "/" + kind.getKey(), kind.getValue().asInt(),
                Integer::sum)));
      }
      for (String kind : List.of("context_length", "content_filter", "empty_reply", "no_final_answer")) {
        assertTrue(kinds.getOrDefault("chaos-a/" + kind, 0) > 0, "chaos-a's " + kind + " turns are counted in "
            + "metrics.jsonl: " + kinds);
      }
      assertFalse(kinds.containsKey("chaos-b/content_filter"), "chaos-b filters nothing: " + kinds);

      // Stop after generation 2 (as a kill between generations leaves it), then --resume for the third.
      Path parted = dir.resolve("parted");
      new TrainingJob(config(parted, 2, pool, episode), parted.resolve("run").toString(),
          TrainingJob.Existing.FAIL).run();
      TrainingJob.Result resumed = new TrainingJob(config(parted, 3, pool, episode),
          parted.resolve("run").toString(), TrainingJob.Existing.RESUME).run();

      assertArrayEquals(whole.head(), resumed.head(), "the resumed run exports the same head");
      List<JsonNode> resumedLines = metricsLines(parted.resolve("run"));
      assertEquals(lines.size(), resumedLines.size());
      for (int g = 0; g < lines.size(); g++) {
        assertEquals(comparable(lines.get(g)), comparable(resumedLines.get(g)), "generation " + g);
      }
    }
  }

  @Test
  void aRejectedKeyStopsTheRunInItsFirstGenerationNamingTheModelAndTheVariable() throws Exception {
    var tasks = DemoTasks.load();
    try (ChaosUpstream good = new ChaosUpstream(tasks, 0.8, ChaosUpstream.Shares.NONE);
         ChaosUpstream rejecting = new ChaosUpstream(tasks, 0.8, ChaosUpstream.Shares.NONE).rejectKeys()) {
      // Without the check before the run (PoolCheckCommandTest covers that stop), as if the key were revoked after it.
      TrainingConfig config = config(dir, 3, pool(good, rejecting), "episode:\n  max_in_flight: 2\n", false);
      Path run = dir.resolve("run");

      RunStoppedException e = assertThrows(RunStoppedException.class,
          () -> new TrainingJob(config, run.toString(), TrainingJob.Existing.FAIL).run());

      assertEquals(RunStoppedException.CONFIGURATION_EXIT, e.exitCode());
      assertTrue(e.getMessage().startsWith("model 'chaos-b': " + rejecting.baseUrl() + " rejected the API key from "
          + "the environment variable " + KEY_ENV), e.getMessage());
      assertFalse(e.getMessage().contains(System.getenv(KEY_ENV)), "the key itself is never shown");
      assertFalse(e.getMessage().contains("\n"), "one line");
      int paid = rejecting.calls();
      // Two Spark tasks with two episodes in flight each: at most the calls already on their way when the first
      // refusal came back; every episode after that stopped before its next call.
      assertTrue(paid >= 1 && paid <= 4, "calls to the rejecting endpoint: " + paid);
      assertFalse(Files.exists(run.resolve(Checkpoint.FILE)), "no generation was completed");
      Thread.sleep(300);
      assertEquals(paid, rejecting.calls(), "nothing called it after the run stopped");
    }
  }

  private static List<JsonNode> metricsLines(Path run) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  /** A metrics line without what depends on the clock or on what the session's gateway saw before. */
  private static JsonNode comparable(JsonNode line) {
    ObjectNode copy = line.deepCopy();
    // A code answer is run or found in the JVM's grade cache depending on what it graded before (the earlier run).
    copy.remove(List.of("wall_seconds", "gateway_accounts", "code_runs", "code_cache_hits", "validation_code_runs",
        "validation_code_cache_hits"));
    return copy;
  }
}
