package io.trinity.driver.config;

/**
 * The baselines an evaluation scores the heads against (single models and the oracle always): random routers (one
 * per seed; {@code router_turns} default: the heads' largest turn budget), majority vote over the pool,
 * self-consistency of the best single model over {@code self_consistency} samples (0 for none; 5 as in the
 * paper's parallel-sampling baseline), and the best single
 * model's Thinker-Worker-Verifier pipeline.
 */
public record BaselinesSection(Integer randomRouters, Integer routerTurns, Boolean majorityVote,
    Integer selfConsistency, Boolean pipeline) {
  public BaselinesSection {
    randomRouters = Checks.within("baselines.random_routers", randomRouters, 0, 100, 3);
    if (routerTurns != null) {
      Checks.atLeast("baselines.router_turns", routerTurns, 1, 1);
    }
    majorityVote = majorityVote == null || majorityVote;
    selfConsistency = Checks.within("baselines.self_consistency", selfConsistency, 0, 64, 5);
    pipeline = pipeline == null || pipeline;
  }

  public static BaselinesSection defaults() {
    return new BaselinesSection(null, null, null, null, null);
  }
}
