package io.trinity.driver.eval;

/** A two-sided confidence interval [low, high] of an accuracy or of a paired difference (95% by default). */
public record Interval(double low, double high) {
  public Interval {
    if (!(low <= high)) {
      throw new IllegalArgumentException("interval [" + low + ", " + high + "] is empty or not a number");
    }
  }

  public boolean contains(double value) {
    return low <= value && value <= high;
  }

  public double width() {
    return high - low;
  }

  /** Whether the whole interval lies on one side of zero: the difference it bounds is unlikely to be chance. */
  public boolean excludesZero() {
    return low > 0 || high < 0;
  }
}
