package io.trinity.workers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.workers.transcript.Role;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LowRankHeadTest {
  @Test
  void layoutNamesTheBlocksInVectorOrder() {
    ParameterLayout layout = LowRankHead.layout(1024, 7, 19);
    assertEquals(List.of("head.down.weight", "head.down.bias", "head.up.weight", "head.up.bias"), layout.names());
    // about 20K parameters at the paper's d = 1024 and pool of 7
    assertEquals(19 * 1024 + 19 + 10 * 19 + 10, layout.parameterCount());
    assertEquals(19 * 1024 + 19, layout.block("head.up.weight").offset());
    assertArrayEquals(new long[] {10, 19}, layout.block("head.up.weight").shape());
  }

  @Test
  void theLinearHeadsLayoutIsItsExportedWeight() {
    ParameterLayout layout = LinearHead.layout(new HeadShape(1024, 7));
    assertEquals(List.of("head.weight"), layout.names());
    assertEquals(new HeadShape(1024, 7).parameterCount(), layout.parameterCount());
  }

  @Test
  void logitsAreTheLowRankMapWithAnElu() {
    // d = 2, one model (4 outputs), rank 2
    float[] parameters = {
        1, 0, 0, -2, // A
        0.5f, 0,     // a
        1, 0, 0, 1, 1, 1, -1, 2, // B
        0, 0, 0, 0.25f};         // b
    LowRankHead head = new LowRankHead(2, 1, 2, parameters);
    float[] h = {1, 1};
    // A h + a = (1.5, -2); elu = (1.5, e^-2 - 1)
    double second = Math.expm1(-2);
    float[] expected = {1.5f, (float) second, (float) (1.5 + second), (float) (-1.5 + 2 * second + 0.25)};
    float[] logits = head.logits(h);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], logits[i], 1e-6);
    }
    // roles are the last three logits: 1.5 + elu beats the others
    assertEquals(new Decision(0, Role.WORKER), head.decide(h));
  }

  @Test
  void theExportRoundTripsAndChecksShapes() {
    ParameterLayout layout = LowRankHead.layout(3, 2, 2);
    float[] parameters = new float[layout.parameterCount()];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = i * 0.5f;
    }
    Map<String, Safetensors.Tensor> tensors = layout.tensors(parameters);
    assertArrayEquals(parameters, layout.flatten(tensors));
    assertArrayEquals(new float[] {3, 3.5f}, tensors.get("head.down.bias").data());
    tensors.put("head.up.bias", new Safetensors.Tensor(new long[] {4}, new float[4]));
    String message = assertThrows(IllegalArgumentException.class, () -> layout.flatten(tensors)).getMessage();
    assertTrue(message.contains("'head.up.bias' has shape [4], expected [5]"), message);
    message = assertThrows(IllegalArgumentException.class, () -> new LowRankHead(3, 2, 2, new float[3]))
        .getMessage();
    assertTrue(message.contains("needs " + layout.parameterCount()), message);
  }
}
