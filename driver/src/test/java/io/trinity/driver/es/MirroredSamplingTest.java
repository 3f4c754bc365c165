package io.trinity.driver.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MirroredSamplingTest {
  private static SepCmaEs.Builder start(int n, int lambda, long seed) {
    return SepCmaEs.builder().dimension(n).initialMean(3.0).sigma(2.0).populationSize(lambda).seed(seed)
        .objective(Objective.MINIMIZE).mirrored(true);
  }

  private static double[] sphere(double[][] xs) {
    double[] f = new double[xs.length];
    for (int k = 0; k < xs.length; k++) {
      f[k] = TestFunctions.sphere(xs[k]);
    }
    return f;
  }

  @Test
  void candidatesComeInPairsMirroredAboutTheMean() {
    SepCmaEs es = start(5, 8, 1).build();
    double[] mean = es.mean();
    double[][] xs = es.ask();
    for (int k = 0; k < xs.length; k += 2) {
      for (int j = 0; j < mean.length; j++) {
        assertEquals(xs[k][j] - mean[j], mean[j] - xs[k + 1][j], 1e-12);
      }
    }
  }

  @Test
  void sphereConvergesWithPairwiseSelection() {
    SepCmaEs es = start(10, 10, 3).build();
    double best = Double.MAX_VALUE;
    for (int g = 0; g < 2000 && best > 1e-8; g++) {
      double[][] xs = es.ask();
      double[] f = sphere(xs);
      es.tell(xs, f);
      best = Math.min(best, es.bestFitness());
    }
    assertTrue(best <= 1e-8, "sphere reached " + best + " after " + es.evaluations() + " evaluations");
  }

  @Test
  void tiedPairsLeaveTheMeanWhereItIs() {
    // A flat objective ties every pair: no pair tells a direction, so the mean must not move.
    SepCmaEs es = start(6, 8, 5).build();
    double[] before = es.mean();
    for (int g = 0; g < 5; g++) {
      double[][] xs = es.ask();
      es.tell(xs, new double[xs.length]);
    }
    assertArrayEquals(before, es.mean());
  }

  @Test
  void theBetterOfEachPairDrivesTheMean() {
    // f = x_0: the mean must move to smaller x_0 every generation.
    SepCmaEs es = start(4, 8, 7).build();
    double previous = es.mean()[0];
    for (int g = 0; g < 10; g++) {
      double[][] xs = es.ask();
      double[] f = new double[xs.length];
      for (int k = 0; k < xs.length; k++) {
        f[k] = xs[k][0];
      }
      es.tell(xs, f);
      assertTrue(es.mean()[0] < previous, "generation " + g + ": " + es.mean()[0] + " >= " + previous);
      previous = es.mean()[0];
    }
  }

  @Test
  void restartFromJsonContinuesBitForBit() throws Exception {
    ObjectMapper json = new ObjectMapper();
    SepCmaEs whole = start(8, 6, 11).build();
    SepCmaEs part = start(8, 6, 11).build();
    for (int g = 0; g < 20; g++) {
      double[][] xs = whole.ask();
      whole.tell(xs, sphere(xs));
      double[][] ys = part.ask();
      part.tell(ys, sphere(ys));
    }
    SepCmaEsState saved = json.readValue(json.writeValueAsString(part.state()), SepCmaEsState.class);
    assertTrue(saved.config().mirrored());
    SepCmaEs resumed = SepCmaEs.restore(saved);
    for (int g = 0; g < 20; g++) {
      double[][] xs = whole.ask();
      double[][] ys = resumed.ask();
      assertArrayEquals(xs, ys);
      whole.tell(xs, sphere(xs));
      resumed.tell(ys, sphere(ys));
    }
    assertEquals(whole.state(), resumed.state());
  }

  @Test
  void anOddPopulationIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> start(4, 7, 1).build());
    assertTrue(e.getMessage().contains("even"), e.getMessage());
  }
}
