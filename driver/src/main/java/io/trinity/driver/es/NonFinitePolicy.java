package io.trinity.driver.es;

/** What {@link SepCmaEs#tell} does with a fitness value that is NaN or infinite. */
public enum NonFinitePolicy {
  /** Refuse the whole generation with an error naming the candidate. The default. */
  FAIL,
  /**
   * Rank the candidate behind every finite one, log a warning and count it ({@link
   * SepCmaEs#nonFiniteFitnessCount()}); it is never the best candidate.
   */
  WORST
}
