package io.trinity.driver.es;

/** How the {@code mu} parents' steps are weighted in recombination. */
public enum Weighting {
  /**
   * Decreasing with rank: {@code w_i ∝ ln((lambda + 1) / 2) - ln i} (for {@link
   * StrategyConstants#CMAES_SEPCMA}: {@code ln(mu + 1) - ln i}); needs {@code mu <= lambda / 2}.
   * The default.
   */
  LOG,
  /** {@code w_i = 1 / mu}: intermediate recombination. */
  EQUAL
}
