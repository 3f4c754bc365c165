package io.trinity.workers.head;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetensorsTest {
  @Test
  void writesTheSafetensorsLayout() throws Exception {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("head.weight", new Safetensors.Tensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
    tensors.put("b", new Safetensors.Tensor(new long[] {1}, new float[] {0.25f}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Safetensors.write(tensors, Map.of("format", "trinity-head/1"), out);

    ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = bytes.getLong();
    assertEquals(0, headerLength % 8);
    byte[] header = new byte[(int) headerLength];
    bytes.get(header);
    JsonNode json = new ObjectMapper().readTree(new String(header, StandardCharsets.UTF_8).trim());
    assertEquals("trinity-head/1", json.get("__metadata__").get("format").asText());
    assertEquals("F32", json.get("head.weight").get("dtype").asText());
    assertEquals("[2,3]", json.get("head.weight").get("shape").toString());
    assertEquals("[0,24]", json.get("head.weight").get("data_offsets").toString());
    assertEquals("[24,28]", json.get("b").get("data_offsets").toString());
    int dataStart = 8 + (int) headerLength;
    assertEquals(-6.5f, bytes.getFloat(dataStart + 20));
    assertEquals(0.25f, bytes.getFloat(dataStart + 24));
    assertEquals(dataStart + 28, out.size());
  }

  @Test
  void roundsHalfPrecisionToNearestEven() {
    assertEquals((short) 0x3c00, Safetensors.toFloat16(1f));
    assertEquals((short) 0xc000, Safetensors.toFloat16(-2f));
    assertEquals((short) 0x7bff, Safetensors.toFloat16(65504f));
    assertEquals((short) 0x7c00, Safetensors.toFloat16(1e6f));
    assertEquals((short) 0x0001, Safetensors.toFloat16(0x1p-24f));
    // 1 + 2^-11 is halfway between 1 and the next half; ties go to the even mantissa
    assertEquals((short) 0x3c00, Safetensors.toFloat16(1f + 0x1p-11f));
    assertEquals((short) 0x3c02, Safetensors.toFloat16(1f + 3 * 0x1p-11f));
    assertEquals((short) 0x3f80, Safetensors.toBfloat16(1f));
    assertEquals((short) 0x3f80, Safetensors.toBfloat16(1f + 0x1p-8f));
    assertEquals((short) 0x3f82, Safetensors.toBfloat16(1f + 3 * 0x1p-8f));
  }

  @Test
  void readsBackWhatItWrites() throws Exception {
    Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
    tensors.put("head.down.weight", new Safetensors.Tensor(new long[] {2, 2}, new float[] {1, -2, 3.5f, Float.MIN_VALUE}));
    tensors.put("svf.x", new Safetensors.Tensor(new long[] {3}, new float[] {1, 1, 0.5f}));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Safetensors.write(tensors, Map.of("format", "f"), out);
    Safetensors.Contents back = Safetensors.readF32(out.toByteArray(), "h.safetensors");
    assertEquals(tensors.keySet().stream().toList(), back.tensors().keySet().stream().toList());
    for (String name : tensors.keySet()) {
      assertArrayEquals(tensors.get(name).shape(), back.tensors().get(name).shape());
      assertArrayEquals(tensors.get(name).data(), back.tensors().get(name).data());
    }
    assertEquals(Map.of("format", "f"), back.metadata());
  }

  @Test
  void aDamagedFileIsRejectedByName() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Safetensors.write(Map.of("w", new Safetensors.Tensor(new long[] {2}, new float[] {1, 2})), Map.of(), out);
    byte[] whole = out.toByteArray();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Safetensors.readF32(cut, "cut.safetensors"));
    assertTrue(e.getMessage().startsWith("cut.safetensors: tensor 'w' has data_offsets"), e.getMessage());
    ByteArrayOutputStream half = new ByteArrayOutputStream();
    Safetensors.write(Map.of("w", new Safetensors.Tensor(new long[] {2}, new float[] {1, 2})), Map.of(),
        Safetensors.Dtype.F16, half);
    e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readF32(half.toByteArray(), "h"));
    assertTrue(e.getMessage().contains("tensor 'w' has dtype \"F16\", expected F32"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Safetensors.readF32(new byte[3], "tiny"));
    assertTrue(e.getMessage().startsWith("tiny: 3 bytes"), e.getMessage());
  }
}
