package io.trinity.driver.es.bench;

import io.trinity.driver.es.Objective;
import io.trinity.driver.es.SepCmaEs;
import io.trinity.driver.es.StopCriteria;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sep-CMA-ES generation: ask {@code lambda = 32} candidates, evaluate the sphere, tell. The
 * same work as {@code driver/bench/sepcma_generation.py} does with the reference.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SepCmaEsGenerationBenchmark {

  @Param({"10240", "102400"})
  public int dimension;

  @Param({"32"})
  public int lambda;

  private SepCmaEs es;

  @Setup(Level.Iteration)
  public void setUp() {
    es = SepCmaEs.builder().dimension(dimension).initialMean(3.0).sigma(2.0).populationSize(lambda).seed(1)
        .objective(Objective.MINIMIZE).stopCriteria(StopCriteria.none()).build();
  }

  @Benchmark
  public double generation() {
    double[][] candidates = es.ask();
    double[] fitness = new double[candidates.length];
    for (int k = 0; k < candidates.length; k++) {
      fitness[k] = BenchmarkFunction.SPHERE.value(candidates[k]);
    }
    es.tell(candidates, fitness);
    return es.sigma();
  }
}
