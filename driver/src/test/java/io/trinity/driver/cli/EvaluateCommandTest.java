package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trinity evaluate} from the command line: its shortcuts, its one-line errors and its exit codes. */
class EvaluateCommandTest {
  @TempDir
  Path dir;

  private Path pool;
  private Path head;
  private Path tasks;

  @BeforeEach
  void files() throws Exception {
    pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    String[] models = {"sim-mathwiz", "sim-scholar", "sim-generalist", "sim-checker"};
    CoordinatorSpec spec = new CoordinatorSpec(models, new EncoderSpec.Hashing(8, new String[] {"shapes"}, 0),
        CandidateLayout.linear(new HeadShape(8, models.length)), RolePrompts.CURRENT, new EpisodeSettings(2, 0.7, 256));
    float[] weights = new float[spec.layout().parameterCount()];
    Arrays.fill(weights, 0.1f);
    head = dir.resolve("head");
    HeadExports.write(RunDirectory.open(head.toString(), new Configuration()), spec, weights, null);
    tasks = dir.resolve("tasks.jsonl");
    Files.writeString(tasks, """
        {"id": "q1", "prompt": "What is 6 x 7?", "answer": 42, "format": "number"}
        {"id": "q2", "prompt": "What is 2 + 2?", "answer": 4, "format": "number"}
        {"id": "q3", "prompt": "Which is a prime?", "choices": ["4", "6", "7", "9"], "answer": "C"}
        """);
  }

  @Test
  void aSpentBudgetExitsWithThreeAndResumeFinishes() throws Exception {
    String unlimited = Files.readString(pool);
    Files.writeString(pool, "budget: {calls: 6}\n" + unlimited);
    String out = dir.resolve("out").toString();
    String[] args = {"evaluate", "--head", head.toString(), "--pool", pool.toString(), "--tasks",
        "custom=" + tasks, "--out", out};
    CliRun stopped = CliRun.of(args);
    assertEquals(3, stopped.exitCode(), stopped.out() + stopped.err());
    assertTrue(stopped.out().contains("--resume"), stopped.out());

    Files.writeString(pool, unlimited);
    String[] resume = Arrays.copyOf(args, args.length + 1);
    resume[args.length] = "--resume";
    CliRun finished = CliRun.of(resume);
    assertEquals(0, finished.exitCode(), finished.out() + finished.err());
    assertTrue(finished.out().contains("policy (n=3)") && finished.out().contains("oracle")
        && finished.out().contains("report.html"), finished.out());
    assertTrue(Files.size(dir.resolve("out/report.html")) > 10_000);
  }

  @Test
  void inputMistakesAreOneLineBeforeAnythingRuns() throws Exception {
    CliRun both = CliRun.of("evaluate", "--config", "x.yaml", "--head", head.toString(), "--out", "o");
    assertEquals(2, both.exitCode());
    assertTrue(both.err().contains("--config already names"), both.err());

    CliRun noTasks = CliRun.of("evaluate", "--head", head.toString(), "--pool", pool.toString(), "--out", "o");
    assertEquals(2, noTasks.exitCode());
    assertTrue(noTasks.err().contains("held-out.jsonl"), noTasks.err());

    CliRun badTasks = CliRun.of("evaluate", "--head", head.toString(), "--pool", pool.toString(), "--tasks",
        "gsm8k", "--out", "o");
    assertEquals(2, badTasks.exitCode());
    assertTrue(badTasks.err().contains("BENCHMARK=PATH"), badTasks.err());
    assertEquals(1, badTasks.err().lines().count(), badTasks.err());
  }
}
