package io.trinity.driver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.trinity.driver.es.StrategyConstants;
import io.trinity.driver.es.bench.BenchmarkFunction;
import io.trinity.driver.es.bench.EsBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "es-bench", mixinStandardHelpOptions = true,
    description = "Runs sep-CMA-ES alone on a test function from mean 3 and sigma 2 and prints one JSON object.")
final class EsBenchCommand implements Callable<Integer> {
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  @Spec
  CommandSpec spec;

  @Option(names = "--function", required = true, description = "sphere, ellipsoid, rosenbrock or rastrigin")
  String function;

  @Option(names = "--dim", required = true, description = "number of coordinates")
  int dimension;

  @Option(names = "--seed", defaultValue = "0", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--popsize", description = "population size (default: 4 + floor(3 ln n))")
  Integer populationSize;

  @Option(names = "--target", defaultValue = "1e-8", description = "stop at this value (default: ${DEFAULT-VALUE})")
  double target;

  @Option(names = "--max-evals", defaultValue = "1000000", description = "evaluation budget (default: ${DEFAULT-VALUE})")
  long maxEvaluations;

  @Option(names = "--constants", defaultValue = "ros-hansen-2008",
      description = "ros-hansen-2008 or cmaes-sepcma (default: ${DEFAULT-VALUE})")
  String constants;

  @Option(names = "--restarts", defaultValue = "0",
      description = "IPOP restarts with doubled populations (default: ${DEFAULT-VALUE})")
  int restarts;

  @Override
  public Integer call() throws Exception {
    if (dimension < 1) {
      throw new ParameterException(spec.commandLine(), "--dim must be >= 1, got " + dimension);
    }
    if (populationSize != null && populationSize < 2) {
      throw new ParameterException(spec.commandLine(), "--popsize must be >= 2, got " + populationSize);
    }
    if (maxEvaluations < 1 || restarts < 0) {
      throw new ParameterException(spec.commandLine(), "--max-evals must be >= 1 and --restarts >= 0");
    }
    BenchmarkFunction f;
    StrategyConstants c;
    try {
      f = BenchmarkFunction.fromWireName(function);
      c = StrategyConstants.fromWireName(constants);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    EsBenchmark.Result result =
        new EsBenchmark(f, dimension, seed, populationSize, target, maxEvaluations, c, restarts).run();
    var out = spec.commandLine().getOut();
    out.println(JSON.writeValueAsString(result));
    out.flush();
    return 0;
  }
}
