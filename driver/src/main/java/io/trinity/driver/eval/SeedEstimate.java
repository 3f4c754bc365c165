package io.trinity.driver.eval;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A figure's mean over an experiment's seeds with its Student-t confidence interval [low, high] (null with fewer
 * than two seeds, where a spread cannot be estimated), the number of seeds and their sample standard deviation.
 * Seeds, not questions, are the units: each seed trains anew, so the interval covers the training's own variance.
 */
public record SeedEstimate(double mean, Double low, Double high, int n, double sd) {

  /** The mean of {@code values} with its t-interval at {@code confidence} (0.95 for 95%). */
  public static SeedEstimate of(double[] values, double confidence) {
    int n = values.length;
    if (n == 0) {
      throw new IllegalArgumentException("no values to estimate from");
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= n;
    if (n < 2) {
      return new SeedEstimate(mean, null, null, n, 0);
    }
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    double sd = Math.sqrt(squares / (n - 1));
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double half = t * sd / Math.sqrt(n);
    return new SeedEstimate(mean, mean - half, mean + half, n, sd);
  }

  public boolean hasInterval() {
    return low != null;
  }
}
