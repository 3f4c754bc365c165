package io.trinity.driver.es;

/** Direction of optimisation: whether a larger or a smaller fitness is better. */
public enum Objective {
  /** Larger fitness is better (Trinity's reward-based fitness). */
  MAXIMIZE,
  /** Smaller fitness is better (the usual CMA-ES convention, e.g. benchmark functions). */
  MINIMIZE;

  /** True when fitness {@code a} is strictly better than fitness {@code b} under this objective. */
  public boolean isBetter(double a, double b) {
    return this == MAXIMIZE ? a > b : a < b;
  }
}
