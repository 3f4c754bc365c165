package io.trinity.driver.es;

import static io.trinity.driver.es.TestFunctions.benchmarkStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class StopCriteriaTest {

  /** Runs until some criterion holds (or 20,000 generations) and returns the reasons. */
  private static List<StopReason> runUntilStop(SepCmaEs es, ToDoubleFunction<double[]> f) {
    while (!es.shouldStop() && es.generation() < 20_000) {
      double[][] c = es.ask();
      double[] fitness = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        fitness[k] = f.applyAsDouble(c[k]);
      }
      es.tell(c, fitness);
    }
    return es.stopReasons();
  }

  private static StopCriteria only() {
    return StopCriteria.none();
  }

  @Test
  void freshRunShouldNotStop() {
    assertEquals(List.of(), benchmarkStart(10, 1).build().stopReasons());
  }

  @Test
  void targetFitnessStopsOnceReached() {
    SepCmaEs es = benchmarkStart(5, 1).stopCriteria(only().withTargetFitness(1e-6)).build();
    assertEquals(List.of(StopReason.TARGET_FITNESS), runUntilStop(es, TestFunctions::sphere));
    assertTrue(es.bestFitness() <= 1e-6);
  }

  @Test
  void targetFitnessRespectsMaximisation() {
    SepCmaEs es = SepCmaEs.builder().dimension(3).sigma(0.5).objective(Objective.MAXIMIZE)
        .stopCriteria(only().withTargetFitness(-0.01)).seed(3).build();
    List<StopReason> reasons = runUntilStop(es, x -> -TestFunctions.sphere(x));
    assertEquals(List.of(StopReason.TARGET_FITNESS), reasons);
    assertTrue(es.bestFitness() >= -0.01);
  }

  @Test
  void generationAndEvaluationBudgets() {
    SepCmaEs byGenerations = benchmarkStart(5, 1).stopCriteria(only().withMaxGenerations(7)).build();
    assertEquals(List.of(StopReason.MAX_GENERATIONS), runUntilStop(byGenerations, TestFunctions::sphere));
    assertEquals(7, byGenerations.generation());

    SepCmaEs byEvaluations = benchmarkStart(5, 1).populationSize(10)
        .stopCriteria(only().withMaxEvaluations(95L)).build();
    assertEquals(List.of(StopReason.MAX_EVALUATIONS), runUntilStop(byEvaluations, TestFunctions::sphere));
    assertEquals(100, byEvaluations.evaluations());
  }

  @Test
  void defaultCriteriaStopAConvergedSphereByTolFunOrTolX() {
    SepCmaEs es = benchmarkStart(8, 4).build();
    List<StopReason> reasons = runUntilStop(es, TestFunctions::sphere);
    assertFalse(reasons.isEmpty(), "the sphere should converge within 20,000 generations");
    assertTrue(reasons.contains(StopReason.TOL_FUN) || reasons.contains(StopReason.TOL_X), reasons.toString());
    assertTrue(es.bestFitness() < 1e-10, "best " + es.bestFitness());
  }

  @Test
  void aFlatFunctionBlowsSigmaUp() {
    // Constant fitness: every generation ties, p_sigma random-walks to length ~ E||N||, and sigma
    // drifts; a linear function instead pushes it up exponentially.
    SepCmaEs es = benchmarkStart(4, 2)
        .stopCriteria(new StopCriteria(null, null, null, 0.0, 0.0, 1e3, 0.0, false)).build();
    List<StopReason> reasons = runUntilStop(es, x -> x[0]);
    assertEquals(List.of(StopReason.SIGMA_BLOW_UP), reasons);
    assertTrue(es.sigma() > 2.0 * 1e3, "sigma " + es.sigma());
  }

  @Test
  void collapseAndConditionAreDetected() {
    // Far from the origin, a converging sphere run runs out of floating-point resolution in the mean.
    SepCmaEs far = SepCmaEs.builder().initialMean(new double[] {1e9, 1e9}).sigma(1.0)
        .objective(Objective.MINIMIZE).stopCriteria(new StopCriteria(null, null, null, 0.0, 0.0, 0.0, 0.0, true))
        .seed(5).build();
    assertEquals(List.of(StopReason.SIGMA_COLLAPSE),
        runUntilStop(far, x -> (x[0] - 1e9) * (x[0] - 1e9) + (x[1] - 1e9) * (x[1] - 1e9)));

    SepCmaEs stretched = benchmarkStart(4, 5)
        .stopCriteria(new StopCriteria(null, null, null, 0.0, 0.0, 0.0, 1e4, false)).build();
    assertEquals(List.of(StopReason.CONDITION), runUntilStop(stretched, TestFunctions::ellipsoid));
    double[] c = stretched.diagonalCovariance();
    double max = 0;
    double min = Double.MAX_VALUE;
    for (double v : c) {
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    assertTrue(max / min > 1e4);
  }

  @Test
  void invalidCriteriaAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new StopCriteria(null, 0, null, 0, 0, 0, 0, false));
    assertEquals("maxGenerations must be >= 1, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StopCriteria.defaults().withTolFun(-1));
    assertThrows(IllegalArgumentException.class, () -> StopCriteria.defaults().withTargetFitness(Double.NaN));
  }
}
