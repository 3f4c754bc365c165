package io.trinity.driver.config;

/**
 * An experiment's held-out comparison: {@code held_out_fraction} replaces every cell's
 * {@code tasks.held_out_fraction} (null keeps the base config's), so that the cells of one seed are scored on the
 * same questions; {@code confidence} is the level of the intervals over seeds.
 */
public record ExperimentEvaluation(Double heldOutFraction, Double confidence) {
  public ExperimentEvaluation {
    if (heldOutFraction != null) {
      Checks.within("evaluation.held_out_fraction", heldOutFraction, 0.01, 0.99, 0.5);
    }
    confidence = Checks.within("evaluation.confidence", confidence, 0.5, 0.999, 0.95);
  }

  public static ExperimentEvaluation defaults() {
    return new ExperimentEvaluation(null, null);
  }
}
