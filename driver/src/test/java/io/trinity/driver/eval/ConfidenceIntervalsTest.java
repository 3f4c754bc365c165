package io.trinity.driver.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConfidenceIntervalsTest {
  private final ConfidenceIntervals intervals = new ConfidenceIntervals(2_000, 5, 0.95);

  private static double[] answers(int right, int n) {
    double[] correct = new double[n];
    for (int i = 0; i < right; i++) {
      correct[i] = 1;
    }
    return correct;
  }

  @Test
  void accuracyIntervalsAreWilsonScoreIntervals() {
    // Wilson's interval for 8 of 10 at 95%, as statsmodels' proportion_confint(8, 10, method="wilson") gives it.
    Interval eight = intervals.accuracy(answers(8, 10));
    assertEquals(0.4902, eight.low(), 1e-4);
    assertEquals(0.9433, eight.high(), 1e-4);
    Interval all = intervals.accuracy(answers(48, 48));
    assertEquals(1.0, all.high(), 1e-12);
    assertTrue(all.low() > 0.9 && all.low() < 0.95, "all right still leaves doubt: " + all);
    assertTrue(intervals.accuracy(answers(80, 100)).width() < eight.width());
  }

  @Test
  void aPairedDifferenceComesFromResamplingQuestions() {
    SplittableRandom random = new SplittableRandom(1);
    int n = 400;
    double[] a = new double[n];
    double[] b = new double[n];
    for (int q = 0; q < n; q++) {
      b[q] = random.nextDouble() < 0.6 ? 1 : 0;
      // a is b with one in ten wrong answers made right: better by about 4 points on the same questions.
      a[q] = b[q] == 0 && random.nextDouble() < 0.1 ? 1 : b[q];
    }
    Interval better = intervals.difference(a, b);
    assertTrue(better.low() > 0, "a paired gain of a few points is no accident: " + better);
    assertEquals(better, new ConfidenceIntervals(2_000, 5, 0.95).difference(a, b), "seeded");
    Interval same = intervals.difference(b, b);
    assertEquals(0, same.low());
    assertEquals(0, same.high());
    assertFalse(intervals.difference(b, a).excludesZero() && intervals.difference(b, a).high() > 0);
  }

  @Test
  void tooFewResamplesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new ConfidenceIntervals(999, 1, 0.95));
  }
}
