package io.trinity.driver.train;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small training config for tests, written as YAML: the tests differ in a handful of keys and share the rest
 * (seed 42, a hashing encoder, three turns, local[2] Spark without its UI). A key left unset is left out of the
 * file, so that the config's default applies as it would for a user.
 */
public final class TrainingYaml {
  private long seed = 42;
  private int generations = 1;
  private int population = 8;
  private int tasksPerGeneration = 8;
  private Double sigma0;
  private Integer validateEvery;
  private Integer episodeLogPerGeneration;
  private String tasks = "  bundled: demo\n";
  private Double heldOutFraction;
  private Double validationFraction;
  private String encoder = encoder(32);
  private Integer maxInFlight;
  private String pool = "pool.yaml";
  private String extra = "";

  private TrainingYaml() {}

  public static TrainingYaml builder() {
    return new TrainingYaml();
  }

  /** The encoder section's body for a hashing encoder of {@code dimension} on the shapes and state features. */
  public static String encoder(int dimension) {
    return """
          dimension: %d
          features: [shapes, state]
        """.formatted(dimension);
  }

  public TrainingYaml seed(long seed) {
    this.seed = seed;
    return this;
  }

  public TrainingYaml generations(int generations) {
    this.generations = generations;
    return this;
  }

  public TrainingYaml population(int population) {
    this.population = population;
    return this;
  }

  public TrainingYaml tasksPerGeneration(int tasksPerGeneration) {
    this.tasksPerGeneration = tasksPerGeneration;
    return this;
  }

  public TrainingYaml sigma0(double sigma0) {
    this.sigma0 = sigma0;
    return this;
  }

  public TrainingYaml validateEvery(int validateEvery) {
    this.validateEvery = validateEvery;
    return this;
  }

  public TrainingYaml episodeLogPerGeneration(int perGeneration) {
    this.episodeLogPerGeneration = perGeneration;
    return this;
  }

  /** The bundled demo tasks (the default). */
  public TrainingYaml bundledDemo() {
    this.tasks = "  bundled: demo\n";
    return this;
  }

  /** Task files, one {@code {benchmark: B, path: P}} per pair of {@code benchmarkPathPairs}. */
  public TrainingYaml taskFiles(String... benchmarkPathPairs) {
    StringBuilder files = new StringBuilder("  files:\n");
    for (int i = 0; i < benchmarkPathPairs.length; i += 2) {
      files.append("    - {benchmark: ").append(benchmarkPathPairs[i]).append(", path: ")
          .append(benchmarkPathPairs[i + 1]).append("}\n");
    }
    this.tasks = files.toString();
    return this;
  }

  public TrainingYaml heldOutFraction(double heldOutFraction) {
    this.heldOutFraction = heldOutFraction;
    return this;
  }

  public TrainingYaml validationFraction(double validationFraction) {
    this.validationFraction = validationFraction;
    return this;
  }

  /** The encoder section's body, YAML lines indented by two spaces (see {@link #encoder(int)}). */
  public TrainingYaml encoder(String body) {
    this.encoder = body;
    return this;
  }

  public TrainingYaml maxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
    return this;
  }

  /** The pool file as the config names it: relative to the config's folder, or absolute, or a Hadoop FS URI. */
  public TrainingYaml pool(String pool) {
    this.pool = pool;
    return this;
  }

  /** YAML appended verbatim: further top-level sections. */
  public TrainingYaml extra(String extra) {
    this.extra = extra;
    return this;
  }

  public String text() {
    StringBuilder yaml = new StringBuilder("run:\n")
        .append("  seed: ").append(seed).append('\n')
        .append("  generations: ").append(generations).append('\n')
        .append("  population: ").append(population).append('\n')
        .append("  tasks_per_generation: ").append(tasksPerGeneration).append('\n');
    optional(yaml, "sigma0", sigma0);
    optional(yaml, "validate_every", validateEvery);
    if (episodeLogPerGeneration != null) {
      yaml.append("  episode_log: {per_generation: ").append(episodeLogPerGeneration).append("}\n");
    }
    yaml.append("tasks:\n").append(tasks);
    optional(yaml, "held_out_fraction", heldOutFraction);
    optional(yaml, "validation_fraction", validationFraction);
    yaml.append("encoder:\n").append(encoder)
        .append("episode:\n")
        .append("  max_turns: 3\n");
    optional(yaml, "max_in_flight", maxInFlight);
    return yaml.append("pool:\n")
        .append("  file: ").append(pool).append('\n')
        .append("""
            spark:
              master: local[2]
              conf:
                spark.ui.enabled: "false"
            """)
        .append(extra).toString();
  }

  public Path write(Path file) {
    try {
      return Files.writeString(file, text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the config to {@code file} and loads it as {@code trinity train} would. */
  public TrainingConfig load(Path file) {
    return ConfigLoader.load(write(file));
  }

  private static void optional(StringBuilder yaml, String key, Object value) {
    if (value != null) {
      yaml.append("  ").append(key).append(": ").append(value).append('\n');
    }
  }
}
