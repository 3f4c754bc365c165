package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.TaskRecords;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every optimiser trains on local Spark through the gateway and the simulated pool, and resumes exactly. */
class OptimiserTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** A small run without held-out comparison; {@code optimiser} is the optimiser section's body (or empty). */
  private TrainingConfig config(Path in, int generations, int population, int tasks, int maxTurns,
      String optimiser) throws Exception {
    Files.createDirectories(in);
    Path pool = TrainingFixtures.demoPoolWithoutLatency(in);
    // The demo's questions without its code tasks: checking their broken variants in the sandbox would take
    // most of each short run.
    try (OutputStream out = Files.newOutputStream(in.resolve("tasks.jsonl"))) {
      TaskRecords.write(DemoTasks.load().stream().filter(t -> t.format() != AnswerFormat.CODE).toList(), out);
    }
    String yaml = """
        run:
          seed: 7
          generations: %d
          population: %d
          tasks_per_generation: %d
          sigma0: 0.5
          validate_every: 2
        pool:
          file: %s
          preflight: false
        tasks:
          files:
            - {benchmark: trinity, path: tasks.jsonl}
          held_out_fraction: 0.0
          validation_fraction: 0.1
        encoder:
          dimension: 8
          features: [shapes, state]
        episode:
          max_turns: %d
          max_in_flight: 64
        spark:
          master: local[2]
          conf:
            spark.ui.enabled: "false"
        """.formatted(generations, population, tasks, pool.getFileName(), maxTurns)
        + (optimiser.isEmpty() ? "" : "optimiser:\n" + optimiser);
    Path file = in.resolve("train.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file);
  }

  /**
   * With one turn the head only picks who answers and in which role, and only a Worker's answer can be right: a
   * softmax that starts uniform gets a third of its turns right in role at best. REINFORCE must move the sampled
   * policy's mean reward up, at sep-CMA-ES's budget of episodes.
   */
  @Test
  void reinforceRaisesTheSampledPolicysReward() throws Exception {
    Path out = dir.resolve("run");
    TrainingJob.Result result = new TrainingJob(config(dir.resolve("cfg"), 6, 8, 8, 1,
        "  type: reinforce\n  learning_rate: 0.3\n"), out.toString(), TrainingJob.Existing.FAIL).run();
    List<GenerationMetrics> metrics = result.metrics();
    assertEquals(6, metrics.size());
    String curve = metrics.stream().map(m -> String.format("%.3f", m.meanFitness())).toList().toString();
    double first = metrics.get(0).meanFitness();
    double last = (metrics.get(4).meanFitness() + metrics.get(5).meanFitness()) / 2;
    assertTrue(last > first + 0.2, "mean reward of the sampled head by generation: " + curve);
    assertTrue(metrics.get(5).roleChoices().get("Worker") > 0.6 * metrics.get(5).episodes(),
        "it learned to answer as Worker: " + metrics.get(5).roleChoices());
    for (GenerationMetrics line : metrics) {
      assertEquals((8 + 1) * 8, line.episodes(), "lambda copies and the mean on m tasks, as sep-CMA-ES plays");
    }
    JsonNode head = JSON.readTree(out.resolve("head.json").toFile());
    assertEquals("reinforce", head.get("training").get("optimiser").asText());
    JsonNode checkpoint = JSON.readTree(out.resolve(Checkpoint.FILE).toFile());
    assertEquals(Checkpoint.VERSION, checkpoint.get("version").asInt());
    assertEquals("reinforce", checkpoint.get("optimiser").get("type").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sep_cma_es", "cma_es", "random_search", "reinforce"})
  void aResumedRunEqualsTheUninterruptedOne(String type) throws Exception {
    String section = "  type: " + type + "\n";
    TrainingJob.Result whole = new TrainingJob(config(dir.resolve("whole"), 3, 4, 4, 2, section),
        dir.resolve("whole/run").toString(), TrainingJob.Existing.FAIL).run();
    String run = dir.resolve("parts/run").toString();
    new TrainingJob(config(dir.resolve("parts"), 2, 4, 4, 2, section), run, TrainingJob.Existing.FAIL).run();
    TrainingJob.Result resumed = new TrainingJob(config(dir.resolve("parts"), 3, 4, 4, 2, section), run,
        TrainingJob.Existing.RESUME).run();
    assertResumedEqualsWhole(whole, resumed);
    JsonNode head = JSON.readTree(dir.resolve("parts/run/head.json").toFile());
    assertEquals(type, head.get("training").get("optimiser").asText());
  }

  /** A checkpoint of format 1 (sep-CMA-ES's state alone, before optimisers had types) still resumes. */
  @Test
  void aSepCmaEsCheckpointOfFormatOneResumes() throws Exception {
    TrainingJob.Result whole = new TrainingJob(config(dir.resolve("whole"), 3, 4, 4, 2, ""),
        dir.resolve("whole/run").toString(), TrainingJob.Existing.FAIL).run();
    Path run = dir.resolve("parts/run");
    new TrainingJob(config(dir.resolve("parts"), 2, 4, 4, 2, ""), run.toString(), TrainingJob.Existing.FAIL).run();
    ObjectNode checkpoint = (ObjectNode) JSON.readTree(run.resolve(Checkpoint.FILE).toFile());
    assertEquals("sep_cma_es", checkpoint.get("optimiser").get("type").asText());
    checkpoint.put("version", 1);
    checkpoint.set("optimizer", checkpoint.get("optimiser").get("state"));
    checkpoint.remove("optimiser");
    Files.writeString(run.resolve(Checkpoint.FILE), JSON.writeValueAsString(checkpoint));
    TrainingJob.Result resumed = new TrainingJob(config(dir.resolve("parts"), 3, 4, 4, 2, ""), run.toString(),
        TrainingJob.Existing.RESUME).run();
    assertResumedEqualsWhole(whole, resumed);
  }

  @Test
  void aResumeWithAnotherOptimiserIsRefused() throws Exception {
    String run = dir.resolve("run").toString();
    new TrainingJob(config(dir.resolve("a"), 1, 4, 2, 1, "  type: random_search\n"), run,
        TrainingJob.Existing.FAIL).run();
    ConfigException e = assertThrows(ConfigException.class, () -> new TrainingJob(
        config(dir.resolve("a"), 2, 4, 2, 1, "  type: cma_es\n"), run, TrainingJob.Existing.RESUME).run());
    assertTrue(e.getMessage().contains("random_search") && e.getMessage().contains("cma_es"), e.getMessage());
  }

  private static void assertResumedEqualsWhole(TrainingJob.Result whole, TrainingJob.Result resumed) {
    assertArrayEquals(whole.head(), resumed.head());
    assertEquals(3, resumed.metrics().size());
    for (int g = 0; g < 3; g++) {
      assertEquals(whole.metrics().get(g).meanFitness(), resumed.metrics().get(g).meanFitness());
      assertEquals(whole.metrics().get(g).meanHeadFitness(), resumed.metrics().get(g).meanHeadFitness());
      assertEquals(whole.metrics().get(g).sigma(), resumed.metrics().get(g).sigma());
      assertEquals(whole.metrics().get(g).llmCalls(), resumed.metrics().get(g).llmCalls());
      assertEquals(whole.metrics().get(g).validationScore(), resumed.metrics().get(g).validationScore());
    }
  }

  @Test
  void optimiserConfigErrorsNameTheKey() throws Exception {
    assertConfigError("  type: adam\n", "optimiser.type");
    assertConfigError("  type: sep_cma_es\n  learning_rate: 0.1\n", "optimiser.learning_rate");
    assertConfigError("  type: reinforce\n  baseline: median\n", "optimiser.baseline");
    assertConfigError("  type: reinforce\n  learning_rate: -1\n", "optimiser.learning_rate");
    assertConfigError("  type: reinforce\n  momentum: 0.9\n", "momentum");
  }

  private void assertConfigError(String section, String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> config(dir.resolve("bad"), 1, 4, 2, 1, section));
    assertTrue(e.getMessage().contains(key) && e.getMessage().contains("train.yaml"), e.getMessage());
  }

  @Test
  void mirroredSamplingIsSepCmaEsOnly() throws Exception {
    Path in = dir.resolve("m");
    config(in, 1, 4, 2, 1, "");
    Path file = in.resolve("train.yaml");
    Files.writeString(file, Files.readString(file).replace("  validate_every: 2\n",
        "  validate_every: 2\n  mirrored: true\n") + "optimiser:\n  type: random_search\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertTrue(e.getMessage().contains("run.mirrored"), e.getMessage());
  }

  @Test
  void fullCmaEsRefusesAHeadAboveItsLimitBeforeAnyWork() throws Exception {
    Path in = dir.resolve("big");
    config(in, 1, 4, 2, 1, "  type: cma_es\n");
    Path file = in.resolve("train.yaml");
    Files.writeString(file, Files.readString(file).replace("dimension: 8", "dimension: 200"));
    Path out = dir.resolve("big-run");
    ConfigException e = assertThrows(ConfigException.class,
        () -> new TrainingJob(ConfigLoader.load(file), out.toString(), TrainingJob.Existing.FAIL).run());
    assertTrue(e.getMessage().contains("1400") && e.getMessage().contains("sep_cma_es"), e.getMessage());
    assertTrue(!Files.exists(out.resolve(Checkpoint.FILE)), "nothing was trained");
  }
}
