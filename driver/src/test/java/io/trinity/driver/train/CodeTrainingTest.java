package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.eval.PolicyScore;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.fitness.demo.DemoTasks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated training on a mixed set of GSM8K, HumanEval and MBPP task files grades the code answers for real in
 * the bubblewrap sandbox: the simulator answers with the reference or a broken variant from the answer key, the
 * metrics count the sandbox runs and the grade cache's hits, and the held-out table has both code categories.
 */
class CodeTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void codeIsGradedInTheSandboxCountedAndReportedPerCategory() throws Exception {
    // The demo's data files are plain copies of rows of the public files, so they serve as task files here.
    copy("gsm8k.jsonl", 16);
    copy("humaneval.jsonl", 12);
    copy("mbpp.jsonl", 12);
    TrainingFixtures.demoPoolWithoutLatency(dir);
    Files.writeString(dir.resolve("train.yaml"), """
        run: {seed: 42, generations: 4, population: 6, tasks_per_generation: 12, sigma0: 0.5}
        tasks:
          files:
            - {benchmark: gsm8k, path: gsm8k.jsonl}
            - {benchmark: humaneval, path: humaneval.jsonl}
            - {benchmark: mbpp, path: mbpp.jsonl}
          held_out_fraction: 0.5
        encoder: {type: hashing, dimension: 16, features: [shapes, state]}
        episode: {max_turns: 3, max_in_flight: 64}
        pool: {file: pool.yaml}
        spark: {master: "local[2]", conf: {spark.ui.enabled: "false"}}
        """);
    TrainingConfig config = ConfigLoader.load(dir.resolve("train.yaml"));
    Path runDir = dir.resolve("run");
    TrainingJob.Result result = new TrainingJob(config, runDir.toString(), TrainingJob.Existing.FAIL).run();

    // The key offers checked wrong programs for every code task: never the old "raise" line.
    List<JsonNode> key = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("answer-key.jsonl"))) {
      key.add(JSON.readTree(line));
    }
    long codeLines = key.stream().filter(k -> k.get("format").asText().equals("code")).count();
    assertEquals(24, codeLines);
    for (JsonNode line : key) {
      if (line.get("format").asText().equals("code")) {
        assertTrue(line.get("wrong").size() >= 1, line.toString());
        line.get("wrong").forEach(w -> assertFalse(w.asText().contains("deliberately broken"), w.asText()));
      }
    }

    long runs = 0;
    long hits = 0;
    long failures = 0;
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      JsonNode metrics = JSON.readTree(line);
      runs += metrics.get("code_runs").asLong();
      hits += metrics.get("code_cache_hits").asLong();
      failures += metrics.get("sandbox_failures").asLong();
    }
    System.out.printf("code runs %d, cache hits %d, sandbox failures %d%n", runs, hits, failures);
    assertTrue(runs > 0, "code runs " + runs);
    assertTrue(hits > 0, "cache hits " + hits);
    assertEquals(0, failures);

    List<String> categories = result.eval().categories();
    assertTrue(categories.containsAll(List.of("gsm8k", "humaneval", "mbpp")), categories.toString());
    PolicyScore head = result.eval().policies().get(0);
    assertTrue(head.byCategory().keySet().containsAll(List.of("humaneval", "mbpp")), head.byCategory().toString());
    JsonNode eval = JSON.readTree(runDir.resolve("eval.json").toFile());
    assertTrue(eval.get("categories").toString().contains("humaneval"), eval.get("categories").toString());

    // Held-out code answers were run, not compared as text: right ones pass, wrong ones fail in the sandbox.
    List<QuestionRecord> code = result.heldOutRecords().stream()
        .filter(r -> r.category().equals("humaneval") || r.category().equals("mbpp")).toList();
    assertTrue(code.stream().anyMatch(QuestionRecord::correct), "some held-out code answer passes its tests");
    assertTrue(code.stream().anyMatch(r -> !r.correct() && r.answer() != null),
        "some held-out code answer runs and fails its tests");
  }

  /** The first {@code rows} lines of a bundled demo data file, as a task file in the test's folder. */
  private void copy(String resource, int rows) throws IOException {
    try (InputStream in = DemoTasks.class.getResourceAsStream(resource)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(rows).toList();
      Files.write(dir.resolve(resource), lines, StandardCharsets.UTF_8);
    }
  }
}
