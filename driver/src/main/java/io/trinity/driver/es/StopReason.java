package io.trinity.driver.es;

/** Why a sep-CMA-ES run should stop; see {@link StopCriteria} for the thresholds. */
public enum StopReason {
  /** The best fitness so far reached the target. */
  TARGET_FITNESS,
  /** The generation limit is reached. */
  MAX_GENERATIONS,
  /** The evaluation limit is reached. */
  MAX_EVALUATIONS,
  /** Generation-best fitness values have stopped changing (range below the tolerance). */
  TOL_FUN,
  /** The search distribution is smaller than the tolerance in every coordinate. */
  TOL_X,
  /** Sigma grew far beyond its initial value: the step size blew up. */
  SIGMA_BLOW_UP,
  /** A step of 0.2 standard deviations no longer changes some coordinate of the mean: sigma collapsed. */
  SIGMA_COLLAPSE,
  /** The diagonal covariance's condition number exceeds the limit. */
  CONDITION
}
