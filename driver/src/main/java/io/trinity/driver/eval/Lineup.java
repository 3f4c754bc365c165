package io.trinity.driver.eval;

import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.episode.EpisodeSettings;

/**
 * Which policies an evaluation scores besides the single models and the oracle, which it always scores: random
 * routers (one per seed, {@code routerTurns} turns each, null for the heads' largest turn budget), majority vote,
 * self-consistency over {@code selfConsistency} samples of the best single model (0 or 1 for none), and the
 * Thinker-Worker-Verifier pipeline of the best single model. Baselines play with {@code settings}' temperature and
 * token limit (null for the first head's).
 */
public record Lineup(int randomRouters, Integer routerTurns, boolean majorityVote, int selfConsistency,
    boolean pipeline, EpisodeSettings settings) {

  /** The paper's parallel-sampling baseline draws 5 samples. */
  public static final int DEFAULT_SAMPLES = 5;

  public Lineup {
    if (randomRouters < 0 || randomRouters > 100) {
      throw new IllegalArgumentException("baselines.random_routers must be in [0, 100], got " + randomRouters);
    }
    if (routerTurns != null && routerTurns < 1) {
      throw new IllegalArgumentException("baselines.router_turns must be at least 1, got " + routerTurns);
    }
    if (selfConsistency < 0 || selfConsistency > 64) {
      throw new IllegalArgumentException("baselines.self_consistency must be in [0, 64], got " + selfConsistency);
    }
  }

  /** Every baseline: three random routers, majority vote, five samples, the pipeline. */
  public static Lineup all() {
    return new Lineup(3, null, true, DEFAULT_SAMPLES, true, null);
  }

  /**
   * Whether a name is taken by a baseline of some lineup (or by the report's own series), so that no head can be
   * mistaken for one.
   */
  public static boolean isBaselineName(String name) {
    return name.equals("oracle") || name.equals("majority-vote") || name.startsWith("random-router")
        || name.startsWith("random router") || name.startsWith("self-consistency/") || name.startsWith("pipeline/")
        || name.equalsIgnoreCase("Pareto frontier");
  }

  /** A trained head to score: its name in the report, its coordinator and its weights. */
  public record Head(String name, CoordinatorSpec coordinator, float[] vector) {}
}
