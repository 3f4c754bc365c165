package io.trinity.workers.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import org.junit.jupiter.api.Test;

/** Sampled decisions follow the head's softmax, repeat with their seed, and sum the score function. */
class SoftmaxPolicyTest {
  private static final int D = 16;
  private static final HeadShape SHAPE = new HeadShape(D, 3);
  private final HashingEncoder encoder = new HashingEncoder(D);
  private final Transcript transcript = Transcript.of("What is 2 + 2?");

  @Test
  void aZeroHeadSamplesUniformlyAndItsSeedRepeatsIt() {
    float[] zero = new float[SHAPE.parameterCount()];
    int[] models = new int[3];
    int[] roles = new int[3];
    for (int seed = 0; seed < 3000; seed++) {
      Decision decision = new SoftmaxPolicy(encoder, new LinearHead(SHAPE, zero), 3, zero.length, seed)
          .decide(transcript);
      models[decision.model()]++;
      roles[decision.role().ordinal()]++;
      assertEquals(decision, new SoftmaxPolicy(encoder, new LinearHead(SHAPE, zero), 3, zero.length, seed)
          .decide(transcript), "the same seed decides alike");
    }
    for (int i = 0; i < 3; i++) {
      assertEquals(1000, models[i], 100, "model " + i);
      assertEquals(1000, roles[i], 100, "role " + i);
    }
  }

  @Test
  void theScoreFunctionIsOneHotMinusTheProbabilitiesTimesH() {
    float[] h = encoder.encode(transcript);
    float[] vector = new float[SHAPE.parameterCount()];
    // A large weight on a feature that is set makes model 1 and role Verifier nearly certain.
    int feature = 0;
    while (h[feature] == 0) {
      feature++;
    }
    vector[1 * D + feature] = 40 / h[feature];
    vector[(3 + Role.VERIFIER.ordinal()) * D + feature] = 40 / h[feature];
    SoftmaxPolicy policy = new SoftmaxPolicy(encoder, new LinearHead(SHAPE, vector), 3, vector.length, 9);
    Decision decision = policy.decide(transcript);
    assertEquals(new Decision(1, Role.VERIFIER), decision);
    double[] gradient = policy.scoreGradient();
    // With p(chosen) = 1, one-hot minus p vanishes everywhere.
    for (double g : gradient) {
      assertEquals(0, g, 1e-9);
    }
    SoftmaxPolicy uniform = new SoftmaxPolicy(encoder, new LinearHead(SHAPE, new float[vector.length]), 3,
        vector.length, 9);
    Decision drawn = uniform.decide(transcript);
    double[] expected = new double[vector.length];
    for (int row = 0; row < 6; row++) {
      boolean chosen = row < 3 ? row == drawn.model() : row - 3 == drawn.role().ordinal();
      for (int i = 0; i < D; i++) {
        expected[row * D + i] = ((chosen ? 1 : 0) - 1.0 / 3) * h[i];
      }
    }
    assertArrayEquals(expected, uniform.scoreGradient(), 1e-6);
    uniform.decide(transcript);
    assertEquals(2, uniform.decisions());
    assertTrue(uniform.scoreGradient().length == vector.length);
  }
}
