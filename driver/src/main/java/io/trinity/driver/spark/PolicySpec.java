package io.trinity.driver.spark;

import io.trinity.fitness.task.Task;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.episode.SingleModelPolicy;
import io.trinity.workers.transcript.RolePrompts;
import java.io.Serializable;
import java.util.function.Function;

/**
 * A policy of a round as it crosses the wire: a description small enough to broadcast, from which each executor
 * builds the live policy once per partition (a coordinator over the executor's shared encoder, or a baseline).
 */
public sealed interface PolicySpec extends Serializable permits PolicySpec.Candidate, PolicySpec.SingleModel {

  /** Builds the policy on this executor; {@code encoders} gives the JVM's shared encoder of a spec. */
  Player build(Function<EncoderSpec, Encoder> encoders);

  /** A built policy: it makes its episodes. */
  @FunctionalInterface
  interface Player {
    Episode episode(Task task, Sampling sampling);
  }

  /** A coordinator: a candidate vector read through the coordinator spec that all candidates of a run share. */
  record Candidate(CoordinatorSpec coordinator, float[] vector) implements PolicySpec {
    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders) {
      return Coordinator.of(coordinator, vector, encoders.apply(coordinator.encoder()))::episode;
    }
  }

  /** A baseline: one pool model answers alone, as Worker, with the given prompts and settings. */
  record SingleModel(int model, RolePrompts prompts, EpisodeSettings settings) implements PolicySpec {
    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders) {
      SingleModelPolicy policy = new SingleModelPolicy(model);
      return (task, sampling) -> new Episode(task, policy, prompts, settings, sampling);
    }
  }
}
