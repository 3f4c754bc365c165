package io.trinity.driver.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap confidence intervals over questions. Every interval of one bootstrap over n questions uses
 * the same resamples (the same seed), so intervals of policies scored on the same questions are paired, and a
 * difference's interval comes from resampling the questions, not the two policies apart. Hand-written because
 * it is a dozen lines; commons-math3 has no bootstrap.
 */
public final class Bootstrap {
  /** Fewer resamples make the interval's ends too noisy to report. */
  public static final int MIN_RESAMPLES = 1_000;

  private final int resamples;
  private final long seed;
  private final double level;

  public Bootstrap(int resamples, long seed, double level) {
    if (resamples < MIN_RESAMPLES) {
      throw new IllegalArgumentException("statistics.resamples must be at least " + MIN_RESAMPLES + ", got "
          + resamples);
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level must be in (0, 1), got " + level);
    }
    this.resamples = resamples;
    this.seed = seed;
    this.level = level;
  }

  public int resamples() {
    return resamples;
  }

  public long seed() {
    return seed;
  }

  public double level() {
    return level;
  }

  /** The interval of the mean of {@code values} (1 for right, 0 for wrong gives accuracy). */
  public Interval mean(double[] values) {
    return difference(values, new double[values.length]);
  }

  /** The interval of the mean paired difference {@code a[i] - b[i]} over questions. */
  public Interval difference(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired values of " + a.length + " and " + b.length + " questions");
    }
    int n = a.length;
    if (n == 0) {
      throw new IllegalArgumentException("no questions to resample");
    }
    double[] means = new double[resamples];
    SplittableRandom random = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      double sum = 0;
      for (int i = 0; i < n; i++) {
        int q = random.nextInt(n);
        sum += a[q] - b[q];
      }
      means[r] = sum / n;
    }
    Arrays.sort(means);
    double tail = (1 - level) / 2;
    return new Interval(quantile(means, tail), quantile(means, 1 - tail));
  }

  /** The type-7 quantile (linear between order statistics), as numpy's and R's default. */
  private static double quantile(double[] sorted, double p) {
    double position = p * (sorted.length - 1);
    int below = (int) Math.floor(position);
    int above = Math.min(below + 1, sorted.length - 1);
    return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  }
}
