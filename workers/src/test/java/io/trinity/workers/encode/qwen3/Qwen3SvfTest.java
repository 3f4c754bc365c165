package io.trinity.workers.encode.qwen3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.trinity.workers.encode.qwen3.Qwen3Checkpoint.Names;
import io.trinity.workers.head.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qwen3SvfTest {
  private static final TinyQwen3 TINY = TinyQwen3.random(31);
  private static final String UP = Names.layer(0, Names.UP_PROJ);
  private static final String Q = Names.layer(1, Names.Q_PROJ);
  private static final List<String> TARGETS = List.of(UP, Q);
  /** min(96, 64) singular values of up_proj, min(96, 64) of q_proj. */
  private static final int SCALES = 64 + 64;

  @TempDir
  static Path dir;
  private static Qwen3Checkpoint checkpoint;
  private static Qwen3Model dense;
  private static Qwen3Model svf;

  @BeforeAll
  static void load() throws Exception {
    checkpoint = Qwen3Checkpoint.open(TINY.writeTo(dir, Safetensors.Dtype.F32));
    dense = Qwen3Model.load(checkpoint, Device.cpu(), DataType.FLOAT32);
    svf = Qwen3Model.load(checkpoint, Device.cpu(), DataType.FLOAT32, TARGETS);
    // Weights must own their memory: buffers they were created from may be freed by the next collection.
    System.gc();
  }

  @AfterAll
  static void close() {
    dense.close();
    svf.close();
  }

  private static float[] run(Qwen3Model model, int[] tokens, float[] scales) {
    Qwen3Model.Result result = model.forward(List.of(
        new Qwen3Model.Step(KvCache.empty(), tokens, tokens.length - 2, scales))).get(0);
    result.cache().close();
    return result.hidden();
  }

  private static double maxDiff(float[] a, double[] b) {
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }

  private static double[] wide(float[] values) {
    double[] out = new double[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static int[] tokens(Random random, int length) {
    return random.ints(length, 0, TinyQwen3.VOCAB).toArray();
  }

  @Test
  void unitScalesEqualTheUnmodifiedModel() {
    assertEquals(TARGETS, svf.svfTargets());
    assertEquals(SCALES, svf.svfParameterCount());
    float[] ones = new float[SCALES];
    Arrays.fill(ones, 1f);
    Random random = new Random(4);
    for (int length : new int[] {2, 7, 30}) {
      int[] tokens = tokens(random, length);
      double[] unmodified = wide(run(dense, tokens, null));
      assertTrue(maxDiff(run(svf, tokens, ones), unmodified) <= 1e-4, "z = 1, length " + length);
      assertTrue(maxDiff(run(svf, tokens, null), unmodified) <= 1e-4, "no scales, length " + length);
    }
  }

  @Test
  void uniformScalesScaleTheMatrix() {
    // z = 1.5 on every singular value of up_proj is the model whose up_proj is 1.5 W
    float[] scales = new float[SCALES];
    Arrays.fill(scales, 0, 64, 1.5f);
    Arrays.fill(scales, 64, SCALES, 1f);
    int[] tokens = tokens(new Random(8), 12);
    double[] expected = new ReferenceQwen3(TINY.withScaled(UP, 1.5f)).hiddenAt(tokens, 10);
    float[] actual = run(svf, tokens, scales);
    assertTrue(maxDiff(actual, expected) <= 1e-4, "max diff " + maxDiff(actual, expected));
    assertTrue(maxDiff(run(dense, tokens, null), expected) > 1e-3, "the scales changed the representation");
  }

  @Test
  void candidatesWithDifferentScalesBatchLikeOneByOne() {
    Random random = new Random(6);
    List<Qwen3Model.Step> steps = new ArrayList<>();
    for (int b = 0; b < 3; b++) {
      float[] scales = new float[SCALES];
      for (int i = 0; i < SCALES; i++) {
        scales[i] = (float) (1 + 0.3 * random.nextGaussian());
      }
      int[] tokens = tokens(random, 5 + 4 * b);
      steps.add(new Qwen3Model.Step(KvCache.empty(), tokens, tokens.length - 2, scales));
    }
    List<Qwen3Model.Result> batched = svf.forward(steps);
    for (int b = 0; b < steps.size(); b++) {
      Qwen3Model.Step step = steps.get(b);
      double[] alone = wide(run(svf, step.tokens(), step.svfScales()));
      assertTrue(maxDiff(batched.get(b).hidden(), alone) <= 1e-4, "sequence " + b);
      batched.get(b).cache().close();
    }
  }

  @Test
  void rejectsTargetsThatAreNotProjectionsAndScalesOfTheWrongLength() {
    String message = assertThrows(IllegalArgumentException.class, () -> Qwen3Model.load(checkpoint, Device.cpu(),
        DataType.FLOAT32, List.of(Names.layer(0, Names.INPUT_NORM)))).getMessage();
    assertTrue(message.contains("SVF target 'model.layers.0.input_layernorm.weight'"), message);
    message = assertThrows(IllegalArgumentException.class, () -> run(svf, new int[] {1, 2, 3}, new float[5]))
        .getMessage();
    assertTrue(message.contains("SVF scales have 5 values"), message);
  }
}
