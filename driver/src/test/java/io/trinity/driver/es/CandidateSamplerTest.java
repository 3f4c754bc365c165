package io.trinity.driver.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** What another process draws from an ask's sampler is that ask's candidates, bit for bit (shared noise). */
class CandidateSamplerTest {

  @ParameterizedTest(name = "n {0}, lambda {1}, mirrored {2}, bounded {3}")
  @CsvSource({
      "10, 8, false, false",
      "10, 8, true, false",
      "10, 8, false, true",
      "10, 8, true, true",
      // n lambda above the threshold from which ask samples in parallel
      "3000, 24, false, false",
      "3000, 24, true, true"})
  void theSamplerDrawsEveryCandidateOfItsAskBitForBit(int n, int lambda, boolean mirrored, boolean bounded) {
    SepCmaEs.Builder builder = TestFunctions.benchmarkStart(n, 7).populationSize(lambda).mirrored(mirrored);
    if (bounded) {
      // Mean 3 and sigma 2 against [0, 4]: most draws leave the box, so resampling and clipping both happen.
      builder.bounds(BoxBounds.uniform(n, 0.0, 4.0));
    }
    SepCmaEs es = builder.build();
    CandidateSampler earlier = null;
    double[][] earlierCandidates = null;
    for (int g = 0; g < 6; g++) {
      double[][] candidates = es.ask();
      CandidateSampler sampler = es.sampler();
      assertEquals(n, sampler.dimension());
      for (int k = 0; k < lambda; k++) {
        assertArrayEquals(candidates[k], sampler.candidate(k), "generation " + g + ", candidate " + k);
      }
      if (earlier != null) {
        // An earlier generation's sampler is a snapshot: the tells since did not change what it draws.
        assertArrayEquals(earlierCandidates[lambda - 1], earlier.candidate(lambda - 1));
      }
      double[] fitness = new double[lambda];
      for (int k = 0; k < lambda; k++) {
        fitness[k] = TestFunctions.sphere(candidates[k]);
      }
      es.tell(candidates, fitness);
      earlier = sampler;
      earlierCandidates = candidates;
    }
    assertTrue(es.sigma() != 2.0, "the distribution moved over the generations, so the sampler was checked on more "
        + "than the start");
  }

  @Test
  void aSamplerIsThereOnlyWhileAnAskWaitsForItsTell() {
    SepCmaEs es = TestFunctions.benchmarkStart(4, 1).populationSize(6).build();
    assertThrows(IllegalStateException.class, es::sampler);
    double[][] candidates = es.ask();
    es.sampler();
    es.tell(candidates, new double[] {1, 2, 3, 4, 5, 6});
    assertThrows(IllegalStateException.class, es::sampler);
  }

  @Test
  void aRestoredOptimiserDrawsTheSameSamplerAgain() {
    SepCmaEs es = TestFunctions.benchmarkStart(12, 3).populationSize(10).build();
    es.ask();
    CandidateSampler first = es.sampler();
    SepCmaEs restored = SepCmaEs.restore(es.state());
    restored.ask();
    assertEquals(first.generationSeed(), restored.sampler().generationSeed());
    assertArrayEquals(first.candidate(9), restored.sampler().candidate(9));
  }
}
