package io.trinity.driver.es;

import static io.trinity.driver.es.TestFunctions.benchmarkStart;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bounds, the non-finite fitness policy, parents and weights, constant sets and IPOP. */
class OptionsTest {

  @Test
  void candidatesStayInsideTheBoxAndTheRunStillConverges() {
    // The optimum (0.5 in every coordinate) is inside [0, 1]^n; the start mean 3 is outside.
    BoxBounds box = BoxBounds.uniform(6, 0.0, 1.0);
    SepCmaEs es = benchmarkStart(6, 9).bounds(box).stopCriteria(StopCriteria.none()).build();
    for (int g = 0; g < 300; g++) {
      double[][] c = es.ask();
      double[] f = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        for (double v : c[k]) {
          assertTrue(v >= 0.0 && v <= 1.0, "coordinate " + v + " outside [0, 1] in generation " + g);
        }
        double s = 0;
        for (double v : c[k]) {
          s += (v - 0.5) * (v - 0.5);
        }
        f[k] = s;
      }
      es.tell(c, f);
    }
    assertTrue(es.bestFitness() < 1e-8, "best " + es.bestFitness());
  }

  @Test
  void boundsMustMatchTheDimensionAndBeOrdered() {
    assertThrows(IllegalArgumentException.class, () -> benchmarkStart(3, 1).bounds(BoxBounds.uniform(2, 0, 1)).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BoxBounds(new double[] {0, 1}, new double[] {1, 1}));
    assertEquals("bound 1 must satisfy lower < upper, got [1.0, 1.0]", e.getMessage());
  }

  @Test
  void nonFiniteFitnessFailsByDefaultNamingTheCandidate() {
    SepCmaEs es = benchmarkStart(3, 1).build();
    double[][] c = es.ask();
    double[] f = new double[c.length];
    f[2] = Double.NaN;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> es.tell(c, f));
    assertTrue(e.getMessage().startsWith("fitness of candidate 2 is not finite: NaN"), e.getMessage());
    assertTrue(es.isAwaitingTell(), "a refused generation can be told again");
  }

  @Test
  void nonFiniteFitnessRankedWorstIsCountedAndNeverBest() {
    SepCmaEs es = benchmarkStart(4, 2).nonFinitePolicy(NonFinitePolicy.WORST).build();
    long nonFinite = 0;
    for (int g = 0; g < 200; g++) {
      double[][] c = es.ask();
      double[] f = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        boolean broken = c[k][0] < 0;
        f[k] = broken ? (k % 2 == 0 ? Double.NaN : Double.NEGATIVE_INFINITY) : TestFunctions.sphere(c[k]);
        nonFinite += broken ? 1 : 0;
      }
      es.tell(c, f);
      assertTrue(Double.isFinite(es.bestFitness()));
      assertTrue(es.bestCandidate()[0] >= 0);
    }
    assertTrue(nonFinite > 0);
    assertEquals(nonFinite, es.nonFiniteFitnessCount());
    assertTrue(es.bestFitness() < 1e-6, "the search should approach the boundary x0 = 0: " + es.bestFitness());
  }

  @Test
  void parentsAndWeightsShapeTheConstants() {
    SepCmaEsParameters log = SepCmaEsParameters.of(StrategyConstants.ROS_HANSEN_2008, 10, 12, 6, Weighting.LOG);
    SepCmaEsParameters equal = SepCmaEsParameters.of(StrategyConstants.ROS_HANSEN_2008, 10, 12, 6, Weighting.EQUAL);
    assertEquals(SepCmaEsParameters.defaults(10, 12), log);
    assertArrayEquals(new double[] {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0}, equal.weights(), 1e-15);
    assertEquals(6.0, equal.muEff(), 1e-12);
    assertTrue(log.muEff() < equal.muEff());
    SepCmaEs es = benchmarkStart(10, 1).populationSize(12).parents(3).build();
    assertEquals(3, es.parameters().mu());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> benchmarkStart(10, 1).populationSize(12).parents(7).build());
    assertEquals("parents (mu) must be in 1..6 for LOG weights and population size 12, got 7", e.getMessage());
    assertEquals(12, benchmarkStart(10, 1).populationSize(12).parents(12).weighting(Weighting.EQUAL).build()
        .parameters().mu());
  }

  @Test
  void constantSetsDifferOnlyInTheCovarianceRatesAndWeights() {
    SepCmaEsParameters paper = SepCmaEsParameters.defaults(100, 17);
    SepCmaEsParameters ref = SepCmaEsParameters.of(StrategyConstants.CMAES_SEPCMA, 100, 17, 8, Weighting.LOG);
    // n = 100, lambda = 17: the paper scales c_1 by (n + 2) / 3 = 34, SepCMA does not.
    assertEquals(34.0, paper.c1() / (2.0 / (101.3 * 101.3 + paper.muEff())), 1e-9);
    assertEquals(2.0 / (101.3 * 101.3 + ref.muEff()), ref.c1(), 1e-15);
    assertEquals(paper.cc(), ref.cc());
    assertEquals(StrategyConstants.CMAES_SEPCMA, StrategyConstants.fromWireName("cmaes-sepcma"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StrategyConstants.fromWireName("pycma"));
    assertEquals("unknown strategy constants 'pycma'; expected one of ros-hansen-2008, cmaes-sepcma", e.getMessage());
  }

  @Test
  void ipopRestartsWithDoubledPopulationsAndKeepsTheOverallBest() {
    SepCmaEs first = benchmarkStart(10, 3)
        .stopCriteria(StopCriteria.defaults().withTargetFitness(1e-8).withMaxEvaluations(200_000L)).build();
    int lambda0 = first.populationSize();
    IpopSepCmaEs ipop = IpopSepCmaEs.of(first, 9, 2.0);
    double bestSeen = Double.POSITIVE_INFINITY;
    while (!ipop.shouldStop()) {
      double[][] c = ipop.ask();
      double[] f = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        f[k] = TestFunctions.rastrigin(c[k]);
        bestSeen = Math.min(bestSeen, f[k]);
      }
      ipop.tell(c, f);
      assertEquals(lambda0 << ipop.restarts(), ipop.current().populationSize());
    }
    assertTrue(ipop.restarts() >= 1, "rastrigin n=10 needs restarts");
    assertEquals(bestSeen, ipop.bestFitness());
    assertTrue(ipop.stopReasons().contains(StopReason.TARGET_FITNESS)
        || ipop.stopReasons().contains(StopReason.MAX_EVALUATIONS), ipop.stopReasons().toString());
    assertTrue(ipop.evaluations() <= 200_000L + (lambda0 << ipop.restarts()));
  }
}
