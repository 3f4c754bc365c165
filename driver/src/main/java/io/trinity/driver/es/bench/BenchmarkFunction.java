package io.trinity.driver.es.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The classic test functions of the CMA-ES literature, all with minimum 0. */
public enum BenchmarkFunction {
  /** {@code sum x_i^2}. */
  SPHERE {
    @Override
    public double value(double[] x) {
      double s = 0.0;
      for (double v : x) {
        s += v * v;
      }
      return s;
    }
  },
  /** {@code sum_i 10^(6 (i-1)/(n-1)) x_i^2}: condition number 10^6, separable. */
  ELLIPSOID {
    @Override
    public double value(double[] x) {
      final int n = x.length;
      double s = 0.0;
      for (int i = 0; i < n; i++) {
        final double scale = n == 1 ? 1.0 : Math.pow(10.0, 6.0 * i / (n - 1));
        s += scale * x[i] * x[i];
      }
      return s;
    }
  },
  /** {@code sum 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2}: a curved valley, minimum at (1, ..., 1). */
  ROSENBROCK {
    @Override
    public double value(double[] x) {
      double s = 0.0;
      for (int i = 0; i + 1 < x.length; i++) {
        final double a = x[i + 1] - x[i] * x[i];
        final double b = 1.0 - x[i];
        s += 100.0 * a * a + b * b;
      }
      return s;
    }
  },
  /** {@code 10 n + sum (x_i^2 - 10 cos(2 pi x_i))}: a grid of local minima around the global one at 0. */
  RASTRIGIN {
    @Override
    public double value(double[] x) {
      double s = 10.0 * x.length;
      for (double v : x) {
        s += v * v - 10.0 * Math.cos(2.0 * Math.PI * v);
      }
      return s;
    }
  };

  public abstract double value(double[] x);

  /** The lower-case name used on the command line. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BenchmarkFunction fromWireName(String name) {
    for (BenchmarkFunction f : values()) {
      if (f.wireName().equals(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown function '" + name + "'; expected one of "
        + Arrays.stream(values()).map(BenchmarkFunction::wireName).collect(Collectors.joining(", ")));
  }
}
