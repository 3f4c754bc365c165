package io.trinity.driver.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The report's confidence intervals. An accuracy (a share of right answers) gets the Wilson score interval, which
 * stays honest at the edges: 48 right of 48 gives [0.93, 1], where a percentile bootstrap would claim [1, 1]. A
 * paired difference gets a percentile bootstrap over questions: every difference over n questions uses the same
 * resamples (the same seed), so it is resampled question by question, not policy by policy. The resampling is
 * hand-written because it is a dozen lines and commons-math3 has no bootstrap.
 */
public final class ConfidenceIntervals {
  /** Fewer resamples make the interval's ends too noisy to report. */
  public static final int MIN_RESAMPLES = 1_000;

  private final int resamples;
  private final long seed;
  private final double level;

  public ConfidenceIntervals(int resamples, long seed, double level) {
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

  /** The Wilson score interval of the share of right answers ({@code correct[i]} is 1 or 0). */
  public Interval accuracy(double[] correct) {
    int n = correct.length;
    if (n == 0) {
      throw new IllegalArgumentException("no questions to score");
    }
    double right = 0;
    for (double c : correct) {
      right += c;
    }
    double p = right / n;
    double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - level) / 2);
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
    // At all right (or all wrong) the bound is exactly 1 (or 0); rounding would put it a hair inside.
    return new Interval(right == 0 ? 0 : Math.max(0, centre - half), right == n ? 1 : Math.min(1, centre + half));
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
