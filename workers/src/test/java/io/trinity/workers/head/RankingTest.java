package io.trinity.workers.head;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trinity.workers.transcript.Role;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingTest {
  @Test
  void modelsComeByDescendingLogitTiesToTheFirstAndTheRoleIsTheArgmax() {
    // models: 0.5, 2, 0.5, -1, 2; roles: thinker 0, worker 0, verifier 1
    Ranking ranking = Ranking.fromLogits(new float[] {0.5f, 2, 0.5f, -1, 2, 0, 0, 1}, 5);
    assertEquals(List.of(1, 4, 0, 2, 3), ranking.models());
    assertEquals(Role.VERIFIER, ranking.role());
    assertEquals(new Decision(4, Role.VERIFIER), ranking.decision(1));
  }

  @Test
  void theFirstChoiceIsAlwaysTheDecisionTrainingMakes() {
    Random random = new Random(5);
    float[] pick = {Float.NaN, 0, 1, -1, Float.NEGATIVE_INFINITY};
    for (int trial = 0; trial < 20_000; trial++) {
      int models = 1 + random.nextInt(6);
      float[] logits = new float[models + HeadShape.ROLES];
      for (int i = 0; i < logits.length; i++) {
        // Few distinct values, so ties and NaN are common.
        logits[i] = pick[random.nextInt(pick.length)];
      }
      Ranking ranking = Ranking.fromLogits(logits, models);
      assertEquals(Decision.fromLogits(logits, models), ranking.decision(0), Arrays.toString(logits));
      assertEquals(models, new HashSet<>(ranking.models()).size(), "every model once");
    }
  }

  @Test
  void headsRankAsTheyDecide() {
    HeadShape shape = new HeadShape(8, 4);
    Random random = new Random(9);
    float[] linear = new float[shape.parameterCount()];
    for (int i = 0; i < linear.length; i++) {
      linear[i] = (float) random.nextGaussian();
    }
    float[] lowRank = new float[LowRankHead.layout(8, 4, 3).parameterCount()];
    for (int i = 0; i < lowRank.length; i++) {
      lowRank[i] = (float) random.nextGaussian();
    }
    for (Head head : List.of(new LinearHead(shape, linear), new LowRankHead(8, 4, 3, lowRank))) {
      for (int trial = 0; trial < 200; trial++) {
        float[] h = new float[8];
        for (int i = 0; i < h.length; i++) {
          h[i] = (float) random.nextGaussian();
        }
        assertEquals(head.decide(h), head.rank(h).decision(0));
      }
    }
  }

  @Test
  void aRankingNeedsAModel() {
    assertThrows(IllegalArgumentException.class, () -> new Ranking(List.of(), Role.WORKER));
    assertEquals(List.of(2), Ranking.of(new Decision(2, Role.THINKER)).models());
  }
}
