package io.trinity.driver.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.EvaluationConfig;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.TaskRecords;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool budget stops an evaluation cleanly with its played chunks saved; a resume on the same budget plays
 * nothing more, and a resume with a larger one plays only what is missing and reports exactly what an
 * uninterrupted evaluation reports.
 */
class EvaluationResumeTest {
  private static final List<String> MODELS = List.of("sim-mathwiz", "sim-scholar", "sim-generalist", "sim-checker");

  @TempDir
  Path dir;

  @Test
  void aSpentBudgetStopsWithWhatWasPlayedSavedAndAResumeFinishesIdentically() throws Exception {
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    String unlimited = Files.readString(pool);
    CoordinatorSpec spec = new CoordinatorSpec(MODELS.toArray(String[]::new),
        new EncoderSpec.Hashing(16, new String[] {"shapes", "state"}, 0),
        CandidateLayout.linear(new HeadShape(16, MODELS.size())), RolePrompts.CURRENT, new EpisodeSettings(3, 0.7,
        1024));
    float[] weights = new float[spec.layout().parameterCount()];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    HeadExports.write(RunDirectory.open(dir.resolve("head").toString(), new Configuration()), spec, weights, null);
    try (OutputStream out = Files.newOutputStream(dir.resolve("tasks.jsonl"))) {
      List<io.trinity.fitness.task.Task> demo = DemoTasks.load();
      // 20 each of GSM8K, MATH-500 and MMLU (the bundled set holds 240 of each, in that order)
      TaskRecords.write(Stream.of(demo.subList(0, 20), demo.subList(240, 260), demo.subList(480, 500))
          .flatMap(List::stream).toList(), out);
    }
    Path config = dir.resolve("evaluate.yaml");
    Files.writeString(config, """
        heads:
          - {path: head, name: random-head}
        tasks:
          files:
            - {benchmark: trinity, path: tasks.jsonl}
        pool:
          file: pool.yaml
        statistics: {resamples: 1000}
        chunk_questions: 10
        spark:
          master: local[2]
          conf: {spark.ui.enabled: "false"}
        """);
    EvaluationConfig evaluation = ConfigLoader.loadEvaluation(config);
    EvaluationJob.Result whole = new EvaluationJob(evaluation, dir.resolve("whole").toString(), false, false).run();
    assertTrue(whole.complete());

    // 8 policies in the first phase play about 14 calls a question: 400 calls end it in its third or fourth chunk.
    Files.writeString(pool, "budget: {calls: 400}\n" + unlimited);
    String out = dir.resolve("cut").toString();
    EvaluationJob.Result stopped = new EvaluationJob(evaluation, out, false, false).run();
    assertFalse(stopped.complete());
    Path state = dir.resolve("cut/state");
    long saved = lines(state);
    assertTrue(saved > 0, "the chunks played before the budget ran out are saved");
    assertFalse(Files.exists(dir.resolve("cut/eval.json")));

    assertThrows(ConfigException.class, () -> new EvaluationJob(evaluation, out, false, false).run(),
        "a new evaluation does not overwrite one in progress");
    EvaluationJob.Result again = new EvaluationJob(evaluation, out, true, false).run();
    assertFalse(again.complete());
    assertEquals(saved, lines(state), "a resume on a budget already spent plays nothing");

    Files.writeString(pool, unlimited);
    EvaluationJob.Result resumed = new EvaluationJob(evaluation, out, true, false).run();
    assertTrue(resumed.complete());
    int episodes = 13 * 60;
    assertEquals(episodes, lines(state), "every episode played once: none of the saved ones again");
    assertEquals(Files.readString(dir.resolve("whole/eval.json")), Files.readString(dir.resolve("cut/eval.json")));
    assertEquals(whole.report().table(), resumed.report().table());
  }

  private static long lines(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      long total = 0;
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
        total += Files.readAllLines(file).stream().filter(l -> !l.isBlank()).count();
      }
      return total;
    }
  }
}
