package io.trinity.workers.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.head.LowRankHead;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A candidate's vector: the head's named blocks, then SVF scales that start at 1; heads wrap it without copies. */
class CandidateLayoutTest {
  private static final HeadShape SHAPE = new HeadShape(10, 4);

  private static float[] gaussian(int n, Random random) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  @Test
  void lowRankHeadThenSvfBlocks() {
    CandidateLayout layout = new CandidateLayout(SHAPE, HeadType.LOW_RANK, 2,
        new String[] {"model.layers.0.mlp.down_proj.weight", "model.layers.1.self_attn.o_proj.weight"},
        new int[] {5, 3});
    assertEquals(List.of(LowRankHead.DOWN_WEIGHT, LowRankHead.DOWN_BIAS, LowRankHead.UP_WEIGHT, LowRankHead.UP_BIAS,
        "svf.model.layers.0.mlp.down_proj.weight", "svf.model.layers.1.self_attn.o_proj.weight"),
        layout.blocks().names());
    int head = 2 * 10 + 2 + 7 * 2 + 7;
    assertEquals(head + 8, layout.parameterCount());
    double[] mean = layout.initialMean();
    for (int i = 0; i < mean.length; i++) {
      assertEquals(i < head ? 0.0 : 1.0, mean[i], "parameter " + i);
    }

    Random random = new Random(1);
    float[] vector = gaussian(layout.parameterCount(), random);
    float[] h = gaussian(10, random);
    LowRankHead direct = new LowRankHead(10, 4, 2, Arrays.copyOf(vector, head));
    assertArrayEquals(direct.logits(h), ((LowRankHead) layout.head(vector)).logits(h));
    assertArrayEquals(Arrays.copyOfRange(vector, head, vector.length), layout.svfScales(vector));
  }

  @Test
  void theHeadReadsTheCandidatesOwnArray() {
    CandidateLayout layout = new CandidateLayout(SHAPE, HeadType.LINEAR, 0, new String[] {"t"}, new int[] {4});
    float[] vector = gaussian(layout.parameterCount(), new Random(2));
    float[] h = gaussian(10, new Random(3));
    LinearHead head = (LinearHead) layout.head(vector);
    float[] before = head.logits(h);
    // No copy: a change to the vector shows in the head (which is why callers must not change it).
    vector[0] += 1;
    assertFalse(Arrays.equals(before, head.logits(h)));
    assertArrayEquals(new LinearHead(SHAPE, Arrays.copyOf(vector, SHAPE.parameterCount())).logits(h),
        head.logits(h));
  }

  @Test
  void linearHeadWithoutSvfIsTheWholeVector() {
    CandidateLayout layout = CandidateLayout.linear(SHAPE);
    assertEquals(List.of(LinearHead.WEIGHT), layout.blocks().names());
    assertEquals(SHAPE.parameterCount(), layout.parameterCount());
    assertFalse(layout.hasSvf());
    assertThrows(IllegalArgumentException.class, () -> layout.head(new float[3]));
    assertThrows(IllegalArgumentException.class,
        () -> new CandidateLayout(SHAPE, HeadType.LINEAR, 3, new String[0], new int[0]));
  }
}
