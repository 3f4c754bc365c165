package io.trinity.driver.evaluate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.export.ExportException;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops {@code trinity evaluate} with the file and field named, before a plan is written or a call made. */
class EvaluationInputTest {
  @TempDir
  Path dir;

  private Path tasks;

  @BeforeEach
  void files() throws Exception {
    TrainingFixtures.demoPoolWithoutLatency(dir);
    export("head", List.of("sim-mathwiz", "sim-checker"));
    export("foreign-head", List.of("sim-mathwiz", "gpt-9"));
    tasks = dir.resolve("tasks.jsonl");
    Files.writeString(tasks, "{\"prompt\": \"What is 6 x 7?\", \"answer\": 42, \"format\": \"number\"}\n");
    Files.writeString(dir.resolve("empty.jsonl"), "");
  }

  private void export(String name, List<String> models) {
    CoordinatorSpec spec = new CoordinatorSpec(models.toArray(String[]::new),
        new EncoderSpec.Hashing(8, new String[] {"shapes", "state"}, 0),
        CandidateLayout.linear(new HeadShape(8, models.size())), RolePrompts.CURRENT, new EpisodeSettings(3, 0.7, 256));
    HeadExports.write(RunDirectory.open(dir.resolve(name).toString(), new Configuration()), spec,
        new float[spec.layout().parameterCount()], null);
  }

  private RuntimeException fails(String heads, String taskFiles) throws Exception {
    Path config = dir.resolve("evaluate.yaml");
    Files.writeString(config, "heads:\n" + heads + "tasks:\n  files:\n" + taskFiles + "pool:\n  file: pool.yaml\n");
    Path out = dir.resolve("out");
    RuntimeException e = assertThrows(RuntimeException.class,
        () -> new EvaluationJob(ConfigLoader.loadEvaluation(config), out.toString(), false, false).run());
    assertTrue(e instanceof ConfigException || e instanceof ExportException || e.getClass().getSimpleName()
        .endsWith("FormatException"), e.toString());
    assertFalse(Files.exists(out.resolve(EvaluationState.PLAN)), "stopped before anything was planned or played");
    return e;
  }

  @Test
  void aMissingHeadFileIsNamed() throws Exception {
    Files.delete(dir.resolve("head/head.safetensors"));
    String message = fails("  - path: head\n", "    - {benchmark: custom, path: tasks.jsonl}\n").getMessage();
    assertTrue(message.contains("heads[0].path") && message.contains("head.safetensors"), message);
  }

  @Test
  void aHeadTrainedOnAModelThePoolLacksIsNamed() throws Exception {
    String message = fails("  - path: head\n  - path: foreign-head\n",
        "    - {benchmark: custom, path: tasks.jsonl}\n").getMessage();
    assertTrue(message.contains("heads[1].path") && message.contains("gpt-9") && message.contains("head.json"),
        message);
  }

  @Test
  void anUnknownBenchmarkIsNamed() throws Exception {
    String message = fails("  - path: head\n", "    - {benchmark: gsm9k, path: tasks.jsonl}\n").getMessage();
    assertTrue(message.contains("tasks.files[0].benchmark") && message.contains("gsm9k"), message);
  }

  @Test
  void anEmptyTaskFileIsNamed() throws Exception {
    String message = fails("  - path: head\n", "    - {benchmark: custom, path: tasks.jsonl}\n"
        + "    - {benchmark: custom, path: empty.jsonl}\n").getMessage();
    assertTrue(message.contains("tasks.files[1].path") && message.contains("empty.jsonl")
        && message.contains("no tasks"), message);
  }

  @Test
  void theShippedExampleLoadsAndAnUnknownKeyIsNamedWithItsLine() throws Exception {
    var example = ConfigLoader.loadEvaluation(TrainingFixtures.repoFile(
        "cluster-configs/evaluate/demo-held-out.yaml"));
    assertTrue(example.heads().get(0).path().endsWith("runs/demo"), example.heads().toString());
    assertTrue(example.baselines().selfConsistency() == 5 && example.statistics().resamples() == 2000);

    Path config = dir.resolve("typo.yaml");
    Files.writeString(config, "heads:\n  - path: head\ntasks:\n  bundled: demo\npool:\n  file: pool.yaml\n"
        + "baselines:\n  random_router: 3\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.loadEvaluation(config));
    assertTrue(e.getMessage().contains("typo.yaml:8") && e.getMessage().contains("baselines.random_router")
        && e.getMessage().contains("random_routers"), e.getMessage());
  }

  @Test
  void aHeadNamedLikeABaselineIsRefused() throws Exception {
    String message = fails("  - path: head\n    name: oracle\n", "    - {benchmark: custom, path: tasks.jsonl}\n")
        .getMessage();
    assertTrue(message.contains("heads[0].name") && message.contains("oracle"), message);
  }
}
