package io.trinity.driver.serve;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pools, configs and coordinators for the serving tests. */
final class ServeFixtures {
  private ServeFixtures() {}

  /** The demo pool without latency, written into {@code dir}. */
  static Path demoPool(Path dir) throws IOException {
    String pool = Files.readString(repoFile("cluster-configs/pools/sim-4.yaml"))
        .replaceAll("base_ms: \\d+, jitter_ms: \\d+", "base_ms: 0, jitter_ms: 0");
    Path file = dir.resolve("pool.yaml");
    Files.writeString(file, pool);
    return file;
  }

  /** A small training run on the bundled demo tasks (as the export round-trip test trains), half held out. */
  static TrainingConfig smallTraining(Path dir) throws IOException {
    Path pool = demoPool(dir);
    String yaml = """
        run:
          seed: 42
          generations: 6
          population: 12
          tasks_per_generation: 8
          sigma0: 0.5
          validate_every: 2
        tasks:
          bundled: demo
          held_out_fraction: 0.5
          validation_fraction: 0.25
        encoder:
          dimension: 32
          features: [shapes, state]
        episode:
          max_turns: 3
          max_in_flight: 64
        pool:
          file: %s
        spark:
          master: local[2]
          conf:
            spark.ui.enabled: "false"
        """.formatted(pool.getFileName());
    Path file = dir.resolve("train.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file);
  }

  /** One sim model that takes {@code latencyMs} per call and knows no answer. */
  static PoolConfig slowPool(int latencyMs) {
    return PoolConfig.parse("""
        models:
          - name: sim-slow
            provider: sim
            price: {input_per_mtok: 1, output_per_mtok: 1}
            latency: {base_ms: %d, jitter_ms: 0}
            skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}
        """.formatted(latencyMs), "slow-pool");
  }

  /**
   * An untrained coordinator over {@code models}: its head is all zeros, so every logit ties and argmax picks the
   * first model as Thinker at every turn, and a Thinker never ends an episode: it always plays all its turns.
   */
  static Coordinator thinkerOnly(int maxTurns, String... models) {
    CoordinatorSpec spec = new CoordinatorSpec(models, new EncoderSpec.Hashing(16, new String[] {"state"}, 0),
        CandidateLayout.linear(new HeadShape(16, models.length)), RolePrompts.CURRENT,
        new EpisodeSettings(maxTurns, 0.7, 256));
    return Coordinator.of(spec, new float[spec.layout().parameterCount()],
        spec.encoder().create(ai.djl.Device.cpu()));
  }

  /** A file of the repository, found from the module folder Maven runs the tests in. */
  static Path repoFile(String relative) {
    Path here = Path.of("").toAbsolutePath();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(relative))) {
        return dir.resolve(relative);
      }
    }
    throw new IllegalStateException(relative + " not found above " + here);
  }
}
