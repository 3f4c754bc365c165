package io.trinity.driver.es;

/**
 * When a sep-CMA-ES run should stop, checked by {@link SepCmaEs#stopReasons()} after each {@code
 * tell}. A limit that is {@code null} (or a tolerance of 0) is off. The defaults follow Hansen's
 * tutorial and {@code pycma}: no target or budget, {@code tolFun = 1e-12}, {@code tolX = 1e-11},
 * {@code tolUpSigma = 1e20}, condition limit {@code 1e14}, sigma-collapse check on.
 *
 * @param targetFitness stop once the best fitness is at least as good as this
 * @param maxGenerations stop after this many generations
 * @param maxEvaluations stop once this many fitness values were told
 * @param tolFun stop when, over the last {@code 10 + ceil(30 n / lambda)} generations, the range
 *     of the generation-best values and the range of the last generation's values are both below
 *     this
 * @param tolX stop when {@code sigma * max(|p_c,i|, sqrt(C_ii)) < tolX} in every coordinate
 * @param tolUpSigma stop when {@code sigma / sigma0 > tolUpSigma * sqrt(max C_ii)}
 * @param conditionLimit stop when {@code max C_ii / min C_ii} exceeds this
 * @param sigmaCollapse stop when adding {@code 0.2 sigma sqrt(C_ii)} leaves some {@code m_i}
 *     unchanged in floating point
 */
public record StopCriteria(
    Double targetFitness,
    Integer maxGenerations,
    Long maxEvaluations,
    double tolFun,
    double tolX,
    double tolUpSigma,
    double conditionLimit,
    boolean sigmaCollapse) {

  public StopCriteria {
    if (targetFitness != null && !Double.isFinite(targetFitness)) {
      throw new IllegalArgumentException("targetFitness must be finite, got " + targetFitness);
    }
    if (maxGenerations != null && maxGenerations < 1) {
      throw new IllegalArgumentException("maxGenerations must be >= 1, got " + maxGenerations);
    }
    if (maxEvaluations != null && maxEvaluations < 1) {
      throw new IllegalArgumentException("maxEvaluations must be >= 1, got " + maxEvaluations);
    }
    nonNegative("tolFun", tolFun);
    nonNegative("tolX", tolX);
    nonNegative("tolUpSigma", tolUpSigma);
    nonNegative("conditionLimit", conditionLimit);
  }

  private static void nonNegative(String name, double value) {
    if (!(value >= 0.0)) {
      throw new IllegalArgumentException(name + " must be >= 0 (0 turns it off), got " + value);
    }
  }

  /** The defaults listed above. */
  public static StopCriteria defaults() {
    return new StopCriteria(null, null, null, 1e-12, 1e-11, 1e20, 1e14, true);
  }

  /** Never stops: for runs whose length the caller decides, such as training. */
  public static StopCriteria none() {
    return new StopCriteria(null, null, null, 0.0, 0.0, 0.0, 0.0, false);
  }

  public StopCriteria withTargetFitness(Double target) {
    return new StopCriteria(target, maxGenerations, maxEvaluations, tolFun, tolX, tolUpSigma,
        conditionLimit, sigmaCollapse);
  }

  public StopCriteria withMaxGenerations(Integer generations) {
    return new StopCriteria(targetFitness, generations, maxEvaluations, tolFun, tolX, tolUpSigma,
        conditionLimit, sigmaCollapse);
  }

  public StopCriteria withMaxEvaluations(Long evaluations) {
    return new StopCriteria(targetFitness, maxGenerations, evaluations, tolFun, tolX, tolUpSigma,
        conditionLimit, sigmaCollapse);
  }

  public StopCriteria withTolFun(double tolerance) {
    return new StopCriteria(targetFitness, maxGenerations, maxEvaluations, tolerance, tolX,
        tolUpSigma, conditionLimit, sigmaCollapse);
  }

  public StopCriteria withTolX(double tolerance) {
    return new StopCriteria(targetFitness, maxGenerations, maxEvaluations, tolFun, tolerance,
        tolUpSigma, conditionLimit, sigmaCollapse);
  }

  /** Generations of generation-best values that the {@code tolFun} test looks back over. */
  public static int tolFunWindow(int dimension, int populationSize) {
    return 10 + (int) Math.ceil(30.0 * dimension / populationSize);
  }
}
