package io.trinity.driver.train;

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
    return config(dir, generations, population, tasks, TrainingYaml.encoder(dimension), validationFraction,
        validateEvery, extra);
  }

  /** As above with the encoder section's body given as YAML lines indented by two spaces. */
  static TrainingConfig config(Path dir, int generations, int population, int tasks, String encoder,
      double validationFraction, int validateEvery, String extra) {
    Path pool = demoPoolWithoutLatency(dir);
    return TrainingYaml.builder().generations(generations).population(population).tasksPerGeneration(tasks)
        .sigma0(0.5).validateEvery(validateEvery).heldOutFraction(0.5).validationFraction(validationFraction)
        .encoder(encoder).maxInFlight(64).pool(pool.getFileName().toString()).extra(extra)
        .load(dir.resolve("train.yaml"));
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
