package io.trinity.workers.head;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes float32 tensors in the safetensors format (8-byte little-endian header length, JSON header, raw data),
 * so exported heads load with the {@code safetensors} libraries of Python and Rust.
 */
public final class Safetensors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Safetensors() {}

  public record Tensor(long[] shape, float[] data) {
    public Tensor {
      long count = Arrays.stream(shape).reduce(1, Math::multiplyExact);
      if (count != data.length) {
        throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " needs " + count
            + " values, got " + data.length);
      }
    }
  }

  public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
      throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    Map<String, Tensor> ordered = new LinkedHashMap<>(tensors);
    for (var entry : ordered.entrySet()) {
      long bytes = 4L * entry.getValue().data().length;
      ObjectNode info = header.putObject(entry.getKey());
      info.put("dtype", "F32");
      var shape = info.putArray("shape");
      for (long dim : entry.getValue().shape()) {
        shape.add(dim);
      }
      info.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    // The format asks for the header padded with spaces to a multiple of 8 bytes.
    int padded = (headerBytes.length + 7) / 8 * 8;
    byte[] headerPadded = Arrays.copyOf(headerBytes, padded);
    Arrays.fill(headerPadded, headerBytes.length, padded, (byte) ' ');
    out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
    out.write(headerPadded);
    for (Tensor tensor : ordered.values()) {
      ByteBuffer data = ByteBuffer.allocate(4 * tensor.data().length).order(ByteOrder.LITTLE_ENDIAN);
      data.asFloatBuffer().put(tensor.data());
      out.write(data.array());
    }
  }
}
