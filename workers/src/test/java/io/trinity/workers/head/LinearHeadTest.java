package io.trinity.workers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trinity.workers.transcript.Role;
import org.junit.jupiter.api.Test;

class LinearHeadTest {
  @Test
  void logitsAreRowMajorMatrixTimesVector() {
    HeadShape shape = new HeadShape(2, 2);
    // rows: model0, model1, thinker, worker, verifier
    float[] w = {1, 0, 0, 1, -1, 0, 2, 2, 0, -3};
    LinearHead head = new LinearHead(shape, w);
    assertArrayEquals(new float[] {3, 5, -3, 16, -15}, head.logits(new float[] {3, 5}));
    assertEquals(new Decision(1, Role.WORKER), head.decide(new float[] {3, 5}));
    // models: -5, -1; roles: thinker 5, worker -12, verifier 3
    assertEquals(new Decision(1, Role.THINKER), head.decide(new float[] {-5, -1}));
  }

  @Test
  void tiesGoToTheFirst() {
    LinearHead zero = new LinearHead(new HeadShape(4, 3), new float[new HeadShape(4, 3).parameterCount()]);
    assertEquals(new Decision(0, Role.THINKER), zero.decide(new float[4]));
  }

  @Test
  void sizesAreChecked() {
    HeadShape shape = new HeadShape(8, 4);
    assertEquals(56, shape.parameterCount());
    assertThrows(IllegalArgumentException.class, () -> new LinearHead(shape, new float[55]));
    LinearHead head = new LinearHead(shape, new float[56]);
    assertThrows(IllegalArgumentException.class, () -> head.decide(new float[7]));
  }
}
