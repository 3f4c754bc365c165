package io.trinity.driver.es;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Xoshiro256StarStarTest {

  @Test
  void nextLongMatchesReferenceImplementation() {
    // Outputs of the reference C xoshiro256** 1.0 from state {1, 2, 3, 4}.
    Xoshiro256StarStar rng = new Xoshiro256StarStar(new RngState(1, 2, 3, 4));
    long[] expected = {
      11520L, 0L, 1509978240L, 1215971899390074240L, 1216172134540287360L, 607988272756665600L
    };
    for (long e : expected) {
      assertEquals(e, rng.nextLong());
    }
  }

  @Test
  void seedingUsesSplitMix64() {
    // The first four SplitMix64 outputs for seed 0.
    assertEquals(
        new RngState(
            0xE220A8397B1DCDAFL, 0x6E789E6AA1B965F4L, 0x06C45D188009454FL, 0xF88BB8A8724C81ECL),
        new Xoshiro256StarStar(0L).state());
  }

  @Test
  void allZeroStateIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new RngState(0, 0, 0, 0));
  }

  @Test
  void stateContinuesTheStreamExactly() {
    Xoshiro256StarStar a = new Xoshiro256StarStar(42L);
    for (int i = 0; i < 1000; i++) {
      a.nextGaussian();
    }
    Xoshiro256StarStar b = new Xoshiro256StarStar(a.state());
    for (int i = 0; i < 10_000; i++) {
      long expected = Double.doubleToRawLongBits(a.nextGaussian());
      assertEquals(expected, Double.doubleToRawLongBits(b.nextGaussian()));
      assertEquals(a.nextLong(), b.nextLong());
    }
  }

  @Test
  void bulkGaussiansEqualSingleGaussians() {
    Xoshiro256StarStar single = new Xoshiro256StarStar(7L);
    Xoshiro256StarStar bulk = new Xoshiro256StarStar(7L);
    double[] expected = new double[200_003]; // long enough to hit wedges and tails many times
    for (int i = 0; i < expected.length; i++) {
      expected[i] = single.nextGaussian();
    }
    double[] actual = new double[expected.length + 10];
    bulk.nextGaussians(actual, 5, 5 + expected.length);
    double[] slice = new double[expected.length];
    System.arraycopy(actual, 5, slice, 0, slice.length);
    assertArrayEquals(expected, slice);
    assertEquals(single.state(), bulk.state());
    assertThrows(IndexOutOfBoundsException.class, () -> bulk.nextGaussians(actual, 3, 2));
  }

  @Test
  void differentSeedsGiveDifferentStreams() {
    assertNotEquals(new Xoshiro256StarStar(1L).nextLong(), new Xoshiro256StarStar(2L).nextLong());
  }

  @Test
  void uniformDoublesAreInUnitInterval() {
    Xoshiro256StarStar rng = new Xoshiro256StarStar(3L);
    double sum = 0;
    int n = 1_000_000;
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      assertTrue(u >= 0.0 && u < 1.0);
      sum += u;
    }
    assertEquals(0.5, sum / n, 5 * Math.sqrt(1.0 / 12 / n));
  }

  @Test
  void gaussianHasStandardNormalDistribution() {
    // Empirical CDF at points in the rectangles, the wedges and the tail beyond R = 3.654
    double[] points = {-3.9, -3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 2.5, 3.0, 3.9};
    double[] phi = {
      0.0000480963, 0.0013498980, 0.0227501319, 0.1586552539, 0.3085375387, 0.5,
      0.6914624613, 0.8413447461, 0.9772498681, 0.9937903347, 0.9986501020, 0.9999519037
    };
    int n = 2_000_000;
    long[] below = new long[points.length];
    double sum = 0;
    double sumSq = 0;
    double sumQuad = 0;
    Xoshiro256StarStar rng = new Xoshiro256StarStar(12345L);
    double[] buffer = new double[10_000];
    for (int done = 0; done < n; done += buffer.length) {
      rng.nextGaussians(buffer, 0, buffer.length);
      for (double x : buffer) {
        sum += x;
        sumSq += x * x;
        sumQuad += x * x * x * x;
        for (int p = 0; p < points.length; p++) {
          if (x < points[p]) {
            below[p]++;
          }
        }
      }
    }
    assertEquals(0.0, sum / n, 5 / Math.sqrt(n));
    assertEquals(1.0, sumSq / n, 5 * Math.sqrt(2.0 / n));
    assertEquals(3.0, sumQuad / n, 5 * Math.sqrt(96.0 / n));
    for (int p = 0; p < points.length; p++) {
      double sd = Math.sqrt(phi[p] * (1 - phi[p]) / n);
      assertEquals(phi[p], below[p] / (double) n, 5 * sd, "CDF at " + points[p]);
    }
  }
}
