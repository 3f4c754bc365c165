package io.trinity.driver.es;

import static io.trinity.driver.es.TestFunctions.benchmarkStart;
import static io.trinity.driver.es.TestFunctions.evaluationsToTarget;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SepCmaEsTest {

  // ------------------------------------------------------------------ convergence

  @Test
  void sphereN10ReachesTarget() {
    // Measured: median 1240 evaluations over 31 seeds (max 1410); cmaes.SepCMA: median 1265.
    for (long seed = 0; seed < 3; seed++) {
      SepCmaEs es = benchmarkStart(10, seed).build();
      assertEquals(10, es.populationSize());
      long evaluations = evaluationsToTarget(es, TestFunctions::sphere, 1e-8, 100_000);
      assertTrue(evaluations > 0 && evaluations <= 2_000, "seed " + seed + ": " + evaluations);
      assertTrue(es.bestFitness() <= 1e-8);
      assertEquals(es.bestFitness(), TestFunctions.sphere(es.bestCandidate()));
    }
  }

  @Test
  void ellipsoidN10ReachesTarget() {
    // Measured: median 2580 evaluations over 31 seeds (max 2850); cmaes.SepCMA: median 2675.
    for (long seed = 0; seed < 3; seed++) {
      SepCmaEs es = benchmarkStart(10, seed).build();
      long evaluations = evaluationsToTarget(es, TestFunctions::ellipsoid, 1e-8, 100_000);
      assertTrue(evaluations > 0 && evaluations <= 4_000, "seed " + seed + ": " + evaluations);
      // the diagonal learned the scaling: variance falls along the axes with growing curvature
      double[] c = es.diagonalCovariance();
      assertTrue(c[0] / c[9] > 1e3, "condition of diag C " + (c[0] / c[9]));
    }
  }

  @Test
  void ellipsoidN100ReachesTarget() {
    // Measured: median 30498 evaluations over 11 seeds; cmaes.SepCMA: median 50218 (see the
    // reference test for why: SepCMA leaves c_1 unscaled).
    SepCmaEs es = benchmarkStart(100, 1).build();
    assertEquals(17, es.populationSize());
    long evaluations = evaluationsToTarget(es, TestFunctions::ellipsoid, 1e-8, 200_000);
    assertTrue(evaluations > 0 && evaluations <= 40_000, "evaluations " + evaluations);
  }

  @Test
  void oneDimensionalProblemConverges() {
    SepCmaEs es = benchmarkStart(1, 5).build();
    assertEquals(4, es.populationSize());
    assertTrue(evaluationsToTarget(es, TestFunctions::sphere, 1e-12, 10_000) > 0);
  }

  @Test
  void maximisingNegatedSphereIsTheSameRunAsMinimisingSphere() {
    SepCmaEs min = benchmarkStart(10, 11).build();
    SepCmaEs max = benchmarkStart(10, 11).objective(Objective.MAXIMIZE).build();
    assertEquals(Objective.MAXIMIZE, max.objective());
    for (int g = 0; g < 150; g++) {
      double[][] a = min.ask();
      double[][] b = max.ask();
      assertArrayEquals(a, b);
      double[] fa = new double[a.length];
      double[] fb = new double[b.length];
      for (int k = 0; k < a.length; k++) {
        fa[k] = TestFunctions.sphere(a[k]);
        fb[k] = -TestFunctions.sphere(b[k]);
      }
      min.tell(a, fa);
      max.tell(b, fb);
      assertArrayEquals(min.mean(), max.mean());
      assertEquals(min.sigma(), max.sigma());
    }
    assertEquals(-min.bestFitness(), max.bestFitness());
    assertArrayEquals(min.bestCandidate(), max.bestCandidate());
    assertTrue(max.bestFitness() > -1e-8, "best " + max.bestFitness());
  }

  @Test
  void maximisationClimbsToTheOptimum() {
    // f(x) = -sum (x_i - 1)^2, maximum 0 at x = 1
    SepCmaEs es =
        SepCmaEs.builder()
            .initialMean(new double[] {0, 0, 0, 0, 0})
            .sigma(0.5)
            .seed(3)
            .objective(Objective.MAXIMIZE)
            .build();
    for (int g = 0; g < 300; g++) {
      double[][] c = es.ask();
      double[] f = new double[c.length];
      for (int k = 0; k < c.length; k++) {
        double s = 0;
        for (double v : c[k]) {
          s -= (v - 1) * (v - 1);
        }
        f[k] = s;
      }
      es.tell(c, f);
    }
    assertTrue(es.bestFitness() > -1e-10, "best " + es.bestFitness());
    for (double m : es.mean()) {
      assertEquals(1.0, m, 1e-4);
    }
  }

  // ------------------------------------------------------------------ determinism

  @Test
  void sameSeedGivesTheSameRunBitForBit() {
    SepCmaEs a = benchmarkStart(20, 99).build();
    SepCmaEs b = benchmarkStart(20, 99).build();
    for (int g = 0; g < 100; g++) {
      double[][] ca = a.ask();
      double[][] cb = b.ask();
      assertArrayEquals(ca, cb);
      a.tell(ca, fitness(ca));
      b.tell(cb, fitness(cb));
    }
    assertEquals(a.state(), b.state());
  }

  @Test
  void differentSeedsGiveDifferentCandidates() {
    double[][] a = benchmarkStart(5, 1).build().ask();
    double[][] b = benchmarkStart(5, 2).build().ask();
    assertFalse(Arrays.deepEquals(a, b));
  }

  @Test
  void candidateOrderInTellDoesNotMatter() {
    SepCmaEs a = benchmarkStart(8, 4).build();
    SepCmaEs b = benchmarkStart(8, 4).build();
    for (int g = 0; g < 30; g++) {
      double[][] ca = a.ask();
      double[][] cb = b.ask();
      double[] fa = fitness(ca);
      // b gets its candidates reversed, as copies (as after a round trip through Spark)
      int lambda = cb.length;
      double[][] reversed = new double[lambda][];
      double[] fr = new double[lambda];
      for (int k = 0; k < lambda; k++) {
        reversed[k] = cb[lambda - 1 - k].clone();
        fr[k] = fa[lambda - 1 - k];
      }
      a.tell(ca, fa);
      b.tell(reversed, fr);
      assertEquals(a.state(), b.state());
    }
  }

  @Test
  void tiesAreRankedByCandidateIndex() {
    // all fitness values equal: the first mu candidates are selected, deterministically
    SepCmaEs a = benchmarkStart(4, 8).build();
    SepCmaEs b = benchmarkStart(4, 8).build();
    double[][] ca = a.ask();
    double[][] cb = b.ask();
    double[] flat = new double[ca.length];
    double[] first = new double[ca.length];
    for (int k = 0; k < first.length; k++) {
      first[k] = k < a.parameters().mu() ? 0.0 : 1.0;
    }
    a.tell(ca, flat);
    b.tell(cb, first);
    assertArrayEquals(a.mean(), b.mean());
  }

  // ------------------------------------------------------------------ API contract

  @Test
  void askReturnsFreshArraysAndAccessorsReturnCopies() {
    SepCmaEs es = benchmarkStart(3, 1).build();
    double[][] first = es.ask();
    double[][] second = es.ask(); // a second ask abandons the first
    assertNotSame(first[0], second[0]);
    assertFalse(Arrays.equals(first[0], second[0]));
    double[] mean = es.mean();
    mean[0] = 1e9;
    assertEquals(3.0, es.mean()[0]);
    es.tell(second, fitness(second));
    double[] best = es.bestCandidate();
    best[0] = 1e9;
    assertNotEquals(1e9, es.bestCandidate()[0]);
  }

  @Test
  void countersAndBestAreTracked() {
    SepCmaEs es = benchmarkStart(6, 2).build();
    assertEquals(0, es.generation());
    assertEquals(0L, es.evaluations());
    assertNull(es.bestCandidate());
    assertTrue(Double.isNaN(es.bestFitness()));
    assertFalse(es.isAwaitingTell());
    double bestSeen = Double.POSITIVE_INFINITY;
    for (int g = 1; g <= 5; g++) {
      double[][] c = es.ask();
      assertTrue(es.isAwaitingTell());
      double[] f = fitness(c);
      for (double v : f) {
        bestSeen = Math.min(bestSeen, v);
      }
      es.tell(c, f);
      assertEquals(g, es.generation());
      assertEquals((long) g * es.populationSize(), es.evaluations());
      assertEquals(bestSeen, es.bestFitness());
    }
  }

  @Test
  void defaultPopulationSizeIsFourPlusThreeLogN() {
    assertEquals(4, SepCmaEsParameters.defaultPopulationSize(1));
    assertEquals(10, SepCmaEsParameters.defaultPopulationSize(10));
    assertEquals(17, SepCmaEsParameters.defaultPopulationSize(100));
    assertEquals(31, SepCmaEsParameters.defaultPopulationSize(10_240));
    assertEquals(32, benchmarkStart(10_240, 0).populationSize(32).build().populationSize());
  }

  @Test
  void strategyConstantsFollowTheTutorialWithTheSepFactor() {
    int n = 10;
    int lambda = 10;
    SepCmaEsParameters p = SepCmaEsParameters.defaults(n, lambda);
    assertEquals(5, p.mu());
    double[] w = p.weights();
    double sum = 0;
    double sumSq = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i];
      sumSq += w[i] * w[i];
      assertTrue(w[i] > 0);
      if (i > 0) {
        assertTrue(w[i] < w[i - 1]);
      }
      // w_i proportional to ln((lambda + 1) / 2) - ln i
      assertEquals(
          (Math.log(5.5) - Math.log(i + 1)) / (Math.log(5.5) - Math.log(1)), w[i] / w[0], 1e-12);
    }
    assertEquals(1.0, sum, 1e-12);
    double muEff = 1 / sumSq;
    assertEquals(muEff, p.muEff(), 1e-12);
    assertEquals((muEff + 2) / (n + muEff + 3), p.cSigma(), 1e-15);
    assertEquals(
        1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (n + 1)) - 1) + p.cSigma(),
        p.dSigma(),
        1e-15);
    assertEquals(4.0 / (n + 4), p.cc(), 1e-15);
    double c1 = 2 / (Math.pow(n + 1.3, 2) + muEff);
    double cmu = Math.min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / (Math.pow(n + 2, 2) + muEff));
    assertEquals(c1 * (n + 2) / 3, p.c1(), 1e-15);
    assertEquals(cmu * (n + 2) / 3, p.cmu(), 1e-15);
    assertEquals(Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21 * n * n)), p.chiN(), 1e-15);
    // the caps hold for every dimension
    for (int d : new int[] {1, 2, 3, 5, 10, 100, 10_240}) {
      for (int l : new int[] {2, 3, 4, 10, 32, 200}) {
        SepCmaEsParameters q = SepCmaEsParameters.defaults(d, l);
        assertTrue(q.c1() > 0 && q.c1() <= 1, q.toString());
        assertTrue(q.cmu() >= 0 && q.cmu() <= 1 - q.c1(), q.toString());
        assertTrue(q.cSigma() < 1 && q.cc() <= 1, q.toString());
      }
    }
  }

  // ------------------------------------------------------------------ validation

  @Test
  void tellWithoutAskIsIllegalState() {
    SepCmaEs es = benchmarkStart(3, 1).build();
    double[][] c = new double[es.populationSize()][3];
    double[] f = new double[es.populationSize()];
    assertThrows(IllegalStateException.class, () -> es.tell(c, f));
    double[][] asked = es.ask();
    es.tell(asked, fitness(asked));
    // a second tell for the same ask is illegal too
    assertThrows(IllegalStateException.class, () -> es.tell(asked, fitness(asked)));
  }

  @Test
  void tellRejectsSizeMismatches() {
    SepCmaEs es = benchmarkStart(3, 1).build();
    double[][] c = es.ask();
    double[] f = fitness(c);
    int lambda = es.populationSize();
    assertThrows(IllegalArgumentException.class, () -> es.tell(Arrays.copyOf(c, lambda - 1), f));
    assertThrows(IllegalArgumentException.class, () -> es.tell(c, Arrays.copyOf(f, lambda + 1)));
    assertThrows(IllegalArgumentException.class, () -> es.tell(null, f));
    assertThrows(IllegalArgumentException.class, () -> es.tell(c, null));
    double[][] wrongDimension = c.clone();
    wrongDimension[2] = new double[4];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> es.tell(wrongDimension, f));
    assertTrue(e.getMessage().contains("candidate 2"), e.getMessage());
    double[][] nullRow = c.clone();
    nullRow[1] = null;
    assertThrows(IllegalArgumentException.class, () -> es.tell(nullRow, f));
    // a rejected tell changes nothing: the proper tell still works
    es.tell(c, f);
    assertEquals(1, es.generation());
  }

  @Test
  void tellRejectsNonFiniteFitnessNamingTheCandidate() {
    SepCmaEs es = benchmarkStart(3, 1).build();
    double[][] c = es.ask();
    SepCmaEsState before = es.state();
    double[] nonFinite = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double bad : nonFinite) {
      double[] f = fitness(c);
      f[4] = bad;
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> es.tell(c, f));
      assertTrue(e.getMessage().contains("candidate 4"), e.getMessage());
    }
    double[][] nanCandidate = c.clone();
    nanCandidate[3] = c[3].clone();
    nanCandidate[3][1] = Double.NaN;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> es.tell(nanCandidate, fitness(c)));
    assertTrue(e.getMessage().contains("candidate 3"), e.getMessage());
    assertEquals(before, es.state());
  }

  @Test
  void builderValidatesItsInputs() {
    assertThrows(
        IllegalStateException.class, () -> SepCmaEs.builder().dimension(3).sigma(1).build());
    assertThrows(
        IllegalStateException.class,
        () -> SepCmaEs.builder().dimension(3).objective(Objective.MINIMIZE).build());
    assertThrows(
        IllegalStateException.class,
        () -> SepCmaEs.builder().sigma(1).objective(Objective.MINIMIZE).build());
    assertThrows(
        IllegalStateException.class,
        () ->
            SepCmaEs.builder()
                .dimension(3)
                .initialMean(new double[2])
                .sigma(1)
                .objective(Objective.MINIMIZE)
                .build());
    assertThrows(IllegalArgumentException.class, () -> SepCmaEs.builder().sigma(0));
    assertThrows(IllegalArgumentException.class, () -> SepCmaEs.builder().sigma(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> SepCmaEs.builder().dimension(0));
    assertThrows(IllegalArgumentException.class, () -> SepCmaEs.builder().populationSize(1));
    assertThrows(
        IllegalArgumentException.class, () -> SepCmaEs.builder().initialMean(Double.NaN));
    // mean vector sets the dimension; scalar mean fills every coordinate
    SepCmaEs fromVector =
        SepCmaEs.builder()
            .initialMean(new double[] {1, 2})
            .sigma(1)
            .objective(Objective.MINIMIZE)
            .build();
    assertEquals(2, fromVector.dimension());
    assertArrayEquals(new double[] {1, 2}, fromVector.mean());
    SepCmaEs fromScalar =
        SepCmaEs.builder()
            .dimension(3)
            .initialMean(0.5)
            .sigma(1)
            .objective(Objective.MINIMIZE)
            .build();
    assertArrayEquals(new double[] {0.5, 0.5, 0.5}, fromScalar.mean());
    assertArrayEquals(new double[] {1, 1, 1}, fromScalar.diagonalCovariance());
  }

  private static double[] fitness(double[][] candidates) {
    double[] f = new double[candidates.length];
    for (int k = 0; k < f.length; k++) {
      f[k] = TestFunctions.sphere(candidates[k]);
    }
    return f;
  }
}
