package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.eval.PolicyKind;
import io.trinity.driver.eval.PolicyScore;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.io.TaskCatalog;
import io.trinity.fitness.demo.DemoTasks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Simulated training on a mixed set of GSM8K, HumanEval and MBPP task files grades the code answers for real in
 * the bubblewrap sandbox: the simulator answers with the reference or a broken variant from the answer key, the
 * metrics count the sandbox runs and the grade cache's hits (training and validation rounds apart), eval.json
 * counts the held-out comparison's, and the held-out table has both code categories.
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
        run: {seed: 42, generations: 4, population: 6, tasks_per_generation: 12, sigma0: 0.5, validate_every: 2}
        tasks:
          files:
            - {benchmark: gsm8k, path: gsm8k.jsonl}
            - {benchmark: humaneval, path: humaneval.jsonl}
            - {benchmark: mbpp, path: mbpp.jsonl}
          held_out_fraction: 0.5
          validation_fraction: 0.25
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
    long validationGrades = 0;
    List<Integer> validated = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      JsonNode metrics = JSON.readTree(line);
      runs += metrics.get("code_runs").asLong();
      hits += metrics.get("code_cache_hits").asLong();
      failures += metrics.get("sandbox_failures").asLong();
      if (metrics.get("validation_score").isNull()) {
        assertTrue(metrics.get("validation_code_runs").isNull(), line);
        assertTrue(metrics.get("validation_code_cache_hits").isNull(), line);
        assertTrue(metrics.get("validation_sandbox_failures").isNull(), line);
        continue;
      }
      validated.add(metrics.get("generation").asInt());
      // One policy (the mean) plays every validation task once, and each code answer is graded once.
      long grades = metrics.get("validation_code_runs").asLong() + metrics.get("validation_code_cache_hits").asLong()
          + metrics.get("validation_sandbox_failures").asLong();
      assertTrue(grades <= validationCodeTasks(config), line);
      assertEquals(0, metrics.get("validation_sandbox_failures").asLong(), line);
      validationGrades += grades;
    }
    System.out.printf("code runs %d, cache hits %d, sandbox failures %d; validation grades %d%n", runs, hits,
        failures, validationGrades);
    assertTrue(runs > 0, "code runs " + runs);
    assertTrue(hits > 0, "cache hits " + hits);
    assertEquals(0, failures);
    assertEquals(List.of(1, 3), validated);
    assertTrue(validationGrades > 0, "validation rounds graded code answers: " + validationGrades);

    List<String> categories = result.eval().categories();
    assertTrue(categories.containsAll(List.of("gsm8k", "humaneval", "mbpp")), categories.toString());
    PolicyScore head = result.eval().policies().get(0);
    assertTrue(head.byCategory().keySet().containsAll(List.of("humaneval", "mbpp")), head.byCategory().toString());
    JsonNode eval = JSON.readTree(runDir.resolve("eval.json").toFile());
    assertTrue(eval.get("categories").toString().contains("humaneval"), eval.get("categories").toString());

    // Every held-out code episode played is graded once: the head's, each single model's, each random router's,
    // the pipeline's and the self-consistency samples beyond the first (the votes and the oracle play nothing).
    long codeQuestions = result.heldOutRecords().stream()
        .filter(r -> r.kind() == PolicyKind.HEAD)
        .filter(r -> r.category().equals("humaneval") || r.category().equals("mbpp")).count();
    long played = 0;
    for (JsonNode policy : eval.get("policies")) {
      String kind = policy.get("kind").asText();
      String name = policy.get("policy").asText();
      if (List.of("HEAD", "SINGLE_MODEL", "RANDOM_ROUTER", "PIPELINE").contains(kind)) {
        played++;
      } else if (kind.equals("SELF_CONSISTENCY")) {
        played += Integer.parseInt(name.substring(name.lastIndexOf("/k-") + 3)) - 1;
      }
    }
    long heldOutGrades = codeQuestions * played;
    JsonNode grading = eval.get("code_grading");
    assertEquals(heldOutGrades, grading.get("runs").asLong() + grading.get("cache_hits").asLong()
        + grading.get("sandbox_failures").asLong(), grading.toString());
    assertTrue(heldOutGrades > 0);
    assertEquals(0, grading.get("sandbox_failures").asLong());
    assertTrue(result.eval().table().contains("code grading: "), result.eval().table());

    // Held-out code answers were run, not compared as text: right ones pass, wrong ones fail in the sandbox.
    List<QuestionRecord> code = result.heldOutRecords().stream()
        .filter(r -> r.category().equals("humaneval") || r.category().equals("mbpp")).toList();
    assertTrue(code.stream().anyMatch(QuestionRecord::correct), "some held-out code answer passes its tests");
    assertTrue(code.stream().anyMatch(r -> !r.correct() && r.answer() != null),
        "some held-out code answer runs and fails its tests");
  }

  /** How many of the validation tasks are code tasks: the most code grades one validation round can take. */
  private static long validationCodeTasks(TrainingConfig config) {
    TaskSplit split = TaskSplit.of(TaskCatalog.load(config.tasks(), new Configuration()),
        config.tasks().heldOutFraction(), config.tasks().validationFraction(), config.run().seed());
    return Arrays.stream(split.validation()).mapToObj(t -> split.tasks()[t])
        .filter(t -> t.category().equals("humaneval") || t.category().equals("mbpp")).count();
  }

  /** The first {@code rows} lines of a bundled demo data file, as a task file in the test's folder. */
  private void copy(String resource, int rows) throws IOException {
    try (InputStream in = DemoTasks.class.getResourceAsStream(resource)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().limit(rows).toList();
      Files.write(dir.resolve(resource), lines, StandardCharsets.UTF_8);
    }
  }
}
