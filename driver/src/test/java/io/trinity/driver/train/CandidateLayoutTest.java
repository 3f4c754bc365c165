package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.EncoderSection;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.head.LowRankHead;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A candidate's vector: the head's named blocks, then SVF scales that start at 1. */
class CandidateLayoutTest {
  private static final HeadShape SHAPE = new HeadShape(10, 4);

  private static EncoderSection encoder(String lines) {
    return ConfigLoader.parse("tasks:\n  bundled: demo\npool:\n  file: p.yaml\nencoder:\n" + lines, "t.yaml")
        .encoder();
  }

  @Test
  void lowRankHeadThenSvfBlocks() {
    EncoderSection section = encoder("""
          type: qwen3
          model: /m
          svf: [model.layers.0.mlp.down_proj.weight, model.layers.1.self_attn.o_proj.weight]
          head: low_rank
          rank: 2
        """);
    CandidateLayout layout = CandidateLayout.of(section, SHAPE, new int[] {5, 3});
    assertEquals(List.of(LowRankHead.DOWN_WEIGHT, LowRankHead.DOWN_BIAS, LowRankHead.UP_WEIGHT, LowRankHead.UP_BIAS,
        "svf.model.layers.0.mlp.down_proj.weight", "svf.model.layers.1.self_attn.o_proj.weight"),
        layout.layout().names());
    int head = 2 * 10 + 2 + 7 * 2 + 7;
    assertEquals(head + 8, layout.parameterCount());
    double[] mean = layout.initialMean();
    for (int i = 0; i < mean.length; i++) {
      assertEquals(i < head ? 0.0 : 1.0, mean[i], "parameter " + i);
    }

    float[] vector = new float[layout.parameterCount()];
    Random random = new Random(1);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    float[] h = new float[10];
    for (int i = 0; i < h.length; i++) {
      h[i] = (float) random.nextGaussian();
    }
    LowRankHead direct = new LowRankHead(10, 4, 2, java.util.Arrays.copyOf(vector, head));
    assertEquals(direct.decide(h), layout.head(vector).decide(h));
    assertArrayEquals(java.util.Arrays.copyOfRange(vector, head, vector.length), layout.svfScales(vector));
  }

  @Test
  void linearHeadWithoutSvfIsTheWholeVector() {
    CandidateLayout layout = CandidateLayout.of(encoder("  dimension: 10\n"), SHAPE, new int[0]);
    assertEquals(List.of(LinearHead.WEIGHT), layout.layout().names());
    assertEquals(SHAPE.parameterCount(), layout.parameterCount());
    assertEquals(false, layout.hasSvf());
    assertThrows(IllegalArgumentException.class, () -> layout.head(new float[3]));
  }
}
