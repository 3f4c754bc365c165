package io.trinity.driver.serve;

import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.driver.train.TrainingYaml;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Path;

/** Pools, configs and coordinators for the serving tests. */
final class ServeFixtures {
  private ServeFixtures() {}

  /** A small training run on the bundled demo tasks (as the export round-trip test trains), half held out. */
  static TrainingConfig smallTraining(Path dir) {
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    return TrainingYaml.builder().generations(6).population(12).tasksPerGeneration(8).sigma0(0.5).validateEvery(2)
        .heldOutFraction(0.5).validationFraction(0.25).encoder(TrainingYaml.encoder(32)).maxInFlight(64)
        .pool(pool.getFileName().toString()).load(dir.resolve("train.yaml"));
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
}
