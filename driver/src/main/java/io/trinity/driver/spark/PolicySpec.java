package io.trinity.driver.spark;

import io.trinity.driver.es.CandidateSampler;
import io.trinity.driver.es.Xoshiro256StarStar;
import io.trinity.fitness.task.Task;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.coordinator.SoftmaxPolicy;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Policy;
import io.trinity.workers.episode.RandomRouterPolicy;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.episode.ScriptedPolicy;
import io.trinity.workers.episode.SingleModelPolicy;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.RolePrompts;
import java.io.Serializable;
import java.util.List;
import java.util.function.Function;

/**
 * A policy of a round as it crosses the wire: a description small enough to broadcast, from which each executor
 * builds the live policy once per partition (a coordinator over the executor's shared encoder, or a baseline).
 * Model indices refer to the round's pool order.
 */
public sealed interface PolicySpec extends Serializable
    permits PolicySpec.Candidate, PolicySpec.Sampled, PolicySpec.Stochastic, PolicySpec.SingleModel,
    PolicySpec.RandomRouter, PolicySpec.Scripted {

  /**
   * Builds the policy on this executor; {@code encoders} gives the JVM's shared encoder of a spec, {@code pool} is
   * the round's model order.
   */
  Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool);

  /** A built policy: it makes its episodes. */
  @FunctionalInterface
  interface Player {
    Episode episode(Task task, Sampling sampling);
  }

  /**
   * A coordinator: a candidate vector read through its coordinator spec. Its models may be any of the round's, in
   * any order: its decisions are carried over to the round's order, so results of every policy read alike.
   */
  record Candidate(CoordinatorSpec coordinator, float[] vector) implements PolicySpec {
    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool) {
      Coordinator built = Coordinator.of(coordinator, vector, encoders.apply(coordinator.encoder()));
      List<String> own = coordinator.modelList();
      if (own.equals(pool)) {
        return built::episode;
      }
      int[] toPool = own.stream().mapToInt(pool::indexOf).toArray();
      return (task, sampling) -> {
        Episode episode = built.episode(task, sampling);
        Policy head = episode.policy();
        Policy inPoolOrder = transcript -> {
          Decision decision = head.decide(transcript);
          return new Decision(toPool[decision.model()], decision.role());
        };
        return new Episode(task, inPoolOrder, episode.prompts(), episode.settings(), sampling);
      };
    }
  }

  /**
   * Candidate {@code index} of the generation {@code sampler} describes, drawn again where it is built (the
   * shared-noise technique): every candidate of a round refers to the same sampler, which the broadcast carries
   * once, so a round ships O(n) numbers instead of O(lambda n). Its vector is the optimiser's candidate bit for bit,
   * rounded to float as every candidate is.
   */
  record Sampled(CoordinatorSpec coordinator, CandidateSampler sampler, int index) implements PolicySpec {
    public float[] vector() {
      double[] candidate = sampler.candidate(index);
      float[] vector = new float[candidate.length];
      for (int i = 0; i < candidate.length; i++) {
        vector[i] = (float) candidate[i];
      }
      return vector;
    }

    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool) {
      return new Candidate(coordinator, vector()).build(encoders, pool);
    }
  }

  /**
   * A coordinator that samples model and role from its head's softmax ({@link SoftmaxPolicy}), copy {@code copy} of
   * several that play the same head: each copy and task has its own stream of decisions, drawn from {@code seed}.
   * Its episodes also bring back their score-function gradients, summed per Spark task with the rewards less
   * {@code costPenalty} times their cost ({@link ScoreSums}). Its models must be the round's, in the round's order.
   */
  record Stochastic(CoordinatorSpec coordinator, float[] vector, long seed, int copy, double costPenalty)
      implements PolicySpec {
    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool) {
      if (!coordinator.modelList().equals(pool)) {
        throw new IllegalArgumentException("a sampling coordinator of " + coordinator.modelList()
            + " must list the round's pool " + pool + " in its order");
      }
      Encoder encoder = encoders.apply(coordinator.encoder());
      long copySeed = Xoshiro256StarStar.substream(seed, copy).nextLong();
      return (task, sampling) -> new Episode(task,
          SoftmaxPolicy.of(coordinator, vector, encoder, copySeed + 0x9E3779B97F4A7C15L * task.id().hashCode()),
          coordinator.prompts(), coordinator.settings(), sampling);
    }
  }

  /**
   * A baseline: one pool model answers alone, as Worker, with the given prompts and settings. Sample {@code s}
   * draws the calls of sample index {@code s} above the round's, so k samples of one model are k independent
   * answers and sample 0 is the model's usual one.
   */
  record SingleModel(int model, RolePrompts prompts, EpisodeSettings settings, int sample) implements PolicySpec {
    public SingleModel(int model, RolePrompts prompts, EpisodeSettings settings) {
      this(model, prompts, settings, 0);
    }

    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool) {
      SingleModelPolicy policy = new SingleModelPolicy(model);
      return (task, sampling) -> new Episode(task, policy, prompts, settings,
          sample == 0 ? sampling : new Sampling(Math.addExact(sampling.sampleIndex(), sample), sampling.generation()));
    }
  }

  /** A baseline: model and role uniform at every turn, a router of its own for each seed. */
  record RandomRouter(long seed, RolePrompts prompts, EpisodeSettings settings) implements PolicySpec {
    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool) {
      RandomRouterPolicy policy = new RandomRouterPolicy(pool.size(), seed);
      return (task, sampling) -> new Episode(task, policy, prompts, settings, sampling);
    }
  }

  /** A baseline: a fixed sequence of decisions, such as Thinker, Worker, Verifier by one model. */
  record Scripted(Decision[] script, RolePrompts prompts, EpisodeSettings settings) implements PolicySpec {
    @Override
    public Player build(Function<EncoderSpec, Encoder> encoders, List<String> pool) {
      ScriptedPolicy policy = new ScriptedPolicy(List.of(script));
      return (task, sampling) -> new Episode(task, policy, prompts, settings, sampling);
    }
  }
}
