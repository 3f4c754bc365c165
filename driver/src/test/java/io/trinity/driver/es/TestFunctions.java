package io.trinity.driver.es;

import java.util.function.ToDoubleFunction;

/** Benchmark functions and a run-to-target loop shared by the optimiser tests. */
final class TestFunctions {

  private TestFunctions() {}

  /** f(x) = sum x_i^2. */
  static double sphere(double[] x) {
    double s = 0.0;
    for (double v : x) {
      s += v * v;
    }
    return s;
  }

  /** f(x) = sum_i 10^(6 (i-1)/(n-1)) x_i^2, condition number 10^6. */
  static double ellipsoid(double[] x) {
    int n = x.length;
    double s = 0.0;
    for (int i = 0; i < n; i++) {
      s += Math.pow(10.0, 6.0 * i / (n - 1)) * x[i] * x[i];
    }
    return s;
  }

  /** f(x) = 10 n + sum (x_i^2 - 10 cos(2 pi x_i)), many local minima, global minimum 0 at 0. */
  static double rastrigin(double[] x) {
    double s = 10.0 * x.length;
    for (double v : x) {
      s += v * v - 10.0 * Math.cos(2.0 * Math.PI * v);
    }
    return s;
  }

  /**
   * Runs ask/tell until a generation's best fitness reaches {@code target} (minimisation) and
   * returns the number of evaluations spent, or -1 past {@code maxEvaluations}.
   */
  static long evaluationsToTarget(
      SepCmaEs es, ToDoubleFunction<double[]> f, double target, long maxEvaluations) {
    while (es.evaluations() < maxEvaluations) {
      double[][] candidates = es.ask();
      double[] fitness = new double[candidates.length];
      double best = Double.POSITIVE_INFINITY;
      for (int k = 0; k < candidates.length; k++) {
        fitness[k] = f.applyAsDouble(candidates[k]);
        best = Math.min(best, fitness[k]);
      }
      es.tell(candidates, fitness);
      if (best <= target) {
        return es.evaluations();
      }
    }
    return -1;
  }

  /** The usual benchmark start: mean 3 in every coordinate, sigma 2. */
  static SepCmaEs.Builder benchmarkStart(int n, long seed) {
    return SepCmaEs.builder()
        .dimension(n)
        .initialMean(3.0)
        .sigma(2.0)
        .seed(seed)
        .objective(Objective.MINIMIZE);
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
