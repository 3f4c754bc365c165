package io.trinity.driver.es.bench;

import io.trinity.driver.es.IpopSepCmaEs;
import io.trinity.driver.es.Objective;
import io.trinity.driver.es.SepCmaEs;
import io.trinity.driver.es.StopCriteria;
import io.trinity.driver.es.StopReason;
import io.trinity.driver.es.StrategyConstants;
import java.util.List;
import java.util.Objects;

/**
 * One optimisation run of a {@link BenchmarkFunction} from the reference setup (mean 3 in every
 * coordinate, sigma 2), until the best value reaches the target or the evaluation budget is
 * spent; optionally with IPOP restarts.
 */
public final class EsBenchmark {

  /** What a run reports; {@code reached} says whether the target was met. */
  public record Result(
      String function,
      int dim,
      long seed,
      int popsize,
      String constants,
      int restarts,
      long evaluations,
      int generations,
      double best,
      boolean reached,
      List<StopReason> stopReasons,
      double msPerGeneration) {}

  private final BenchmarkFunction function;
  private final int dimension;
  private final long seed;
  private final Integer populationSize;
  private final double target;
  private final long maxEvaluations;
  private final StrategyConstants constants;
  private final int maxRestarts;

  public EsBenchmark(BenchmarkFunction function, int dimension, long seed, Integer populationSize, double target,
      long maxEvaluations, StrategyConstants constants, int maxRestarts) {
    this.function = Objects.requireNonNull(function, "function");
    this.dimension = dimension;
    this.seed = seed;
    this.populationSize = populationSize;
    this.target = target;
    this.maxEvaluations = maxEvaluations;
    this.constants = Objects.requireNonNull(constants, "constants");
    this.maxRestarts = maxRestarts;
  }

  public Result run() {
    SepCmaEs.Builder builder = SepCmaEs.builder()
        .dimension(dimension)
        .initialMean(3.0)
        .sigma(2.0)
        .seed(seed)
        .constants(constants)
        .objective(Objective.MINIMIZE)
        .stopCriteria(StopCriteria.defaults().withTargetFitness(target).withMaxEvaluations(maxEvaluations));
    if (populationSize != null) {
      builder.populationSize(populationSize);
    }
    SepCmaEs first = builder.build();
    int popsize = first.populationSize();
    // Without restarts the run ends on any stop criterion; IPOP restarts on the local ones.
    IpopSepCmaEs es = IpopSepCmaEs.of(first, maxRestarts, 2.0);
    long start = System.nanoTime();
    while (!es.shouldStop()) {
      double[][] candidates = es.ask();
      double[] fitness = new double[candidates.length];
      for (int k = 0; k < candidates.length; k++) {
        fitness[k] = function.value(candidates[k]);
      }
      es.tell(candidates, fitness);
    }
    double elapsedMs = (System.nanoTime() - start) / 1e6;
    int generations = es.generations();
    return new Result(function.wireName(), dimension, seed, popsize, constants.wireName(), es.restarts(),
        es.evaluations(), generations, es.bestFitness(), es.bestFitness() <= target, es.stopReasons(),
        generations == 0 ? 0.0 : elapsedMs / generations);
  }
}
