package io.trinity.driver.es;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-coordinate box constraints {@code lower_i <= x_i <= upper_i} (infinite ends allowed).
 *
 * <p>Handling, as in CyberAgent's {@code cmaes}: {@link SepCmaEs#ask()} resamples an infeasible
 * candidate up to {@link #RESAMPLES} times and then clips it into the box; a mirrored twin is
 * clipped. {@code tell} learns from the candidates as evaluated (clipped), so the distribution
 * drifts toward the feasible region. This biases the step-size adaptation when the optimum lies
 * on the boundary; keep the box loose when possible.
 */
public record BoxBounds(double[] lower, double[] upper) implements Serializable {
  private static final long serialVersionUID = 1L;


  /** Infeasible samples drawn again before clipping. */
  public static final int RESAMPLES = 100;

  public BoxBounds {
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    if (lower.length != upper.length) {
      throw new IllegalArgumentException(
          "lower bounds have length " + lower.length + ", upper bounds " + upper.length);
    }
    for (int i = 0; i < lower.length; i++) {
      if (Double.isNaN(lower[i]) || Double.isNaN(upper[i]) || !(lower[i] < upper[i])) {
        throw new IllegalArgumentException(
            "bound " + i + " must satisfy lower < upper, got [" + lower[i] + ", " + upper[i] + "]");
      }
    }
    lower = lower.clone();
    upper = upper.clone();
  }

  /** The same interval {@code [low, high]} in each of {@code n} coordinates. */
  public static BoxBounds uniform(int n, double low, double high) {
    double[] lo = new double[n];
    double[] hi = new double[n];
    Arrays.fill(lo, low);
    Arrays.fill(hi, high);
    return new BoxBounds(lo, hi);
  }

  @Override
  public double[] lower() {
    return lower.clone();
  }

  @Override
  public double[] upper() {
    return upper.clone();
  }

  public int dimension() {
    return lower.length;
  }

  boolean contains(double[] x) {
    for (int i = 0; i < x.length; i++) {
      if (!(x[i] >= lower[i] && x[i] <= upper[i])) {
        return false;
      }
    }
    return true;
  }

  void clip(double[] x) {
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.min(upper[i], Math.max(lower[i], x[i]));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BoxBounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
  }

  @Override
  public String toString() {
    return "BoxBounds[n=" + lower.length + "]";
  }
}
