package io.trinity.driver.experiment;

import io.trinity.driver.train.TrainingFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A base training config small enough for a grid to train in seconds: 20 GSM8K and 20 MMLU questions of the
 * bundled set (no code tasks, so no sandbox runs), the demo pool without latency, two generations of four
 * candidates, and an experiment file around it.
 */
public final class ExperimentFixtures {
  private ExperimentFixtures() {}

  public static Path base(Path dir) throws IOException {
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    for (String benchmark : List.of("gsm8k", "mmlu")) {
      List<String> lines = Files.readAllLines(TrainingFixtures.repoFile(
          "fitness/src/main/resources/io/trinity/fitness/demo/" + benchmark + ".jsonl"));
      Files.write(dir.resolve(benchmark + ".jsonl"), lines.subList(0, 20));
    }
    Path base = dir.resolve("base.yaml");
    Files.writeString(base, """
        run:
          seed: 7
          generations: 2
          population: 4
          tasks_per_generation: 4
          episode_log: {per_generation: 0}
        tasks:
          files:
            - {benchmark: gsm8k, path: gsm8k.jsonl}
            - {benchmark: mmlu, path: mmlu.jsonl}
          held_out_fraction: 0.5
        encoder:
          dimension: 8
          features: [shapes, state]
        episode:
          max_turns: 3
          max_in_flight: 32
        pool:
          file: %s
          preflight: false
        spark:
          master: local[2]
          partitions: 2
          conf:
            spark.ui.enabled: "false"
        """.formatted(pool.getFileName()));
    return base;
  }

  /** An experiment file in {@code dir} over {@code base.yaml} with {@code body} after its first line. */
  public static Path experiment(Path dir, String body) throws IOException {
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, "base: base.yaml\n" + body);
    return file;
  }
}
