package io.trinity.workers.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The heads' vector-Jacobian products agree with central finite differences of their logits. */
class LogitsGradientTest {
  private static final int D = 6;
  private static final int MODELS = 3;

  @Test
  void linearHead() {
    check(new float[new HeadShape(D, MODELS).parameterCount()], v -> new LinearHead(new HeadShape(D, MODELS), v));
  }

  @Test
  void lowRankHeadThroughItsElu() {
    // Random weights put pre-activations on both sides of the ELU's kink.
    check(new float[LowRankHead.layout(D, MODELS, 2).parameterCount()], v -> new LowRankHead(D, MODELS, 2, v));
  }

  private interface Build {
    Head of(float[] vector);
  }

  private static void check(float[] vector, Build build) {
    SplittableRandom random = new SplittableRandom(4);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
    }
    float[] h = new float[D];
    for (int i = 0; i < D; i++) {
      h[i] = (float) (random.nextDouble() * 2 - 1);
    }
    double[] dLogits = new double[MODELS + HeadShape.ROLES];
    for (int o = 0; o < dLogits.length; o++) {
      dLogits[o] = random.nextDouble() * 2 - 1;
    }
    double[] gradient = new double[vector.length];
    build.of(vector).addLogitsGradient(h, dLogits, gradient);
    for (int i = 0; i < vector.length; i++) {
      float saved = vector[i];
      float step = 1e-2f;
      vector[i] = saved + step;
      double up = dot(build.of(vector).logits(h), dLogits);
      vector[i] = saved - step;
      double down = dot(build.of(vector).logits(h), dLogits);
      vector[i] = saved;
      assertEquals((up - down) / (2 * step), gradient[i], 2e-3, "parameter " + i);
    }
  }

  private static double dot(float[] logits, double[] weights) {
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      sum += logits[i] * weights[i];
    }
    return sum;
  }
}
