package io.trinity.driver.train;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small training configs for tests: the demo pool without latency, local[2] Spark. */
public final class TrainingFixtures {
  private TrainingFixtures() {}

  public static Path demoPoolWithoutLatency(Path dir) {
    try {
      String pool = Files.readString(repoFile("cluster-configs/pools/sim-4.yaml"))
          .replaceAll("base_ms: \\d+, jitter_ms: \\d+", "base_ms: 0, jitter_ms: 0");
      Path file = dir.resolve("pool.yaml");
      Files.writeString(file, pool);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A config in {@code dir} training on the bundled demo tasks, without validation. */
  public static TrainingConfig config(Path dir, int generations, int population, int tasks, int dimension,
      String extra) {
    return config(dir, generations, population, tasks, dimension, 0.0, 4, extra);
  }

  /** A config in {@code dir} training on the bundled demo tasks; {@code extra} is appended verbatim. */
  public static TrainingConfig config(Path dir, int generations, int population, int tasks, int dimension,
      double validationFraction, int validateEvery, String extra) {
    return config(dir, generations, population, tasks, """
          dimension: %d
          features: [shapes, state]
        """.formatted(dimension), validationFraction, validateEvery, extra);
  }

  /** As above with the encoder section's body given as YAML lines indented by two spaces. */
  static TrainingConfig config(Path dir, int generations, int population, int tasks, String encoder,
      double validationFraction, int validateEvery, String extra) {
    Path pool = demoPoolWithoutLatency(dir);
    String yaml = """
        run:
          seed: 42
          generations: %d
          population: %d
          tasks_per_generation: %d
          sigma0: 0.5
          validate_every: %d
        tasks:
          bundled: demo
          held_out_fraction: 0.5
          validation_fraction: %s
        encoder:
        %sepisode:
          max_turns: 3
          max_in_flight: 64
        pool:
          file: %s
        spark:
          master: local[2]
          conf:
            spark.ui.enabled: "false"
        """.formatted(generations, population, tasks, validateEvery, validationFraction, encoder,
            pool.getFileName())
        + extra;
    try {
      Path file = dir.resolve("train.yaml");
      Files.writeString(file, yaml);
      return ConfigLoader.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of the repository, found from the module folder Maven runs the tests in. */
  public static Path repoFile(String relative) {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + here);
  }
}
