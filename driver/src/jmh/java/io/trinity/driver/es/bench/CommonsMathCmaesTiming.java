package io.trinity.driver.es.bench;

import java.util.Arrays;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Per-generation time of Apache Commons Math 3.6.1's {@code CMAESOptimizer} in its diagonal mode
 * ({@code diagonalOnly} larger than the run), lambda = 32, sphere. Its set-up builds dense n x n
 * matrices (O(n^3) work, 8 n^2 bytes each), so one generation is estimated as (time of a run of
 * 2G generations - time of a run of G generations) / G, which cancels the set-up.
 *
 * <p>Usage: {@code CommonsMathCmaesTiming G N...}; prints {@code n ms_per_generation setup_ms}
 * lines.
 */
public final class CommonsMathCmaesTiming {

  private CommonsMathCmaesTiming() {}

  public static void main(String[] args) {
    int generations = Integer.parseInt(args[0]);
    for (int i = 1; i < args.length; i++) {
      int n = Integer.parseInt(args[i]);
      run(n, 2); // warm-up of the JIT on this size
      double shortRun = run(n, generations);
      double longRun = run(n, 2 * generations);
      double perGeneration = (longRun - shortRun) / generations;
      System.out.printf("%d %.3f %.0f%n", n, perGeneration, shortRun - generations * perGeneration);
    }
  }

  /** Milliseconds of one optimisation of {@code generations} generations. */
  private static double run(int n, int generations) {
    final int lambda = 32;
    double[] start = new double[n];
    Arrays.fill(start, 3.0);
    double[] sigma = new double[n];
    Arrays.fill(sigma, 2.0);
    double[] lower = new double[n];
    double[] upper = new double[n];
    Arrays.fill(lower, Double.NEGATIVE_INFINITY);
    Arrays.fill(upper, Double.POSITIVE_INFINITY);
    CMAESOptimizer optimizer = new CMAESOptimizer(generations, 0.0, false, Integer.MAX_VALUE, 0,
        new MersenneTwister(1), false, null);
    long t0 = System.nanoTime();
    try {
      optimizer.optimize(new MaxIter(generations), new MaxEval(Integer.MAX_VALUE), GoalType.MINIMIZE,
          new InitialGuess(start), new SimpleBounds(lower, upper), new CMAESOptimizer.Sigma(sigma),
          new CMAESOptimizer.PopulationSize(lambda),
          new ObjectiveFunction(x -> BenchmarkFunction.SPHERE.value(x)));
    } catch (org.apache.commons.math3.exception.TooManyIterationsException expected) {
      // the iteration limit is how this timing ends a run
    }
    return (System.nanoTime() - t0) / 1e6;
  }
}
