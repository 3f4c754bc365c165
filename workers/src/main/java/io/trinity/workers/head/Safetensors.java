package io.trinity.workers.head;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes tensors in the safetensors format (8-byte little-endian header length, JSON header, raw data), so exported
 * heads load with the {@code safetensors} libraries of Python and Rust. Values are stored as float32 by default,
 * or rounded to float16 or bfloat16 (round to nearest even), the element types of Hugging Face checkpoints. Reads
 * back the float32 files it writes (the Qwen3 encoder has its own memory-mapped reader for large checkpoints).
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

  /** The stored element type. */
  public enum Dtype {
    F32(4), F16(2), BF16(2);

    private final int bytes;

    Dtype(int bytes) {
      this.bytes = bytes;
    }
  }

  public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, OutputStream out)
      throws IOException {
    write(tensors, metadata, Dtype.F32, out);
  }

  public static void write(Map<String, Tensor> tensors, Map<String, String> metadata, Dtype dtype,
      OutputStream out) throws IOException {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
    write(shapes, name -> tensors.get(name).data(), metadata, dtype, out);
  }

  /** Supplies one tensor's values when it is written, so a large checkpoint need not be held in memory. */
  @FunctionalInterface
  public interface Values {
    float[] of(String name) throws IOException;
  }

  /** Writes the tensors in the order of {@code shapes}, asking {@code values} for each one's data in turn. */
  public static void write(Map<String, long[]> shapes, Values values, Map<String, String> metadata, Dtype dtype,
      OutputStream out) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (var entry : shapes.entrySet()) {
      long bytes = dtype.bytes * Arrays.stream(entry.getValue()).reduce(1, Math::multiplyExact);
      ObjectNode info = header.putObject(entry.getKey());
      info.put("dtype", dtype.name());
      var shape = info.putArray("shape");
      for (long dim : entry.getValue()) {
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
    for (var entry : shapes.entrySet()) {
      Tensor tensor = new Tensor(entry.getValue(), values.of(entry.getKey()));
      ByteBuffer data = ByteBuffer.allocate(dtype.bytes * tensor.data().length).order(ByteOrder.LITTLE_ENDIAN);
      for (float value : tensor.data()) {
        switch (dtype) {
          case F32 -> data.putFloat(value);
          case F16 -> data.putShort(toFloat16(value));
          case BF16 -> data.putShort(toBfloat16(value));
        }
      }
      out.write(data.array());
    }
  }

  /** A file's tensors in header order, with its {@code __metadata__}. */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {}

  /**
   * Reads a whole float32 safetensors file; {@code source} names it in errors, which say what is wrong where
   * (a short file, a header that is not JSON, another dtype, offsets outside the data or overlapping).
   */
  public static Contents readF32(byte[] bytes, String source) {
    if (bytes.length < 8) {
      throw new IllegalArgumentException(source + ": " + bytes.length + " bytes, too short for a safetensors file");
    }
    long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (headerLength < 2 || headerLength > bytes.length - 8) {
      throw new IllegalArgumentException(source + ": header length " + headerLength + " does not fit the file's "
          + bytes.length + " bytes");
    }
    JsonNode header;
    try {
      header = JSON.readTree(new String(bytes, 8, (int) headerLength, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(source + ": the header is not JSON: " + e.getMessage(), e);
    }
    if (header == null || !header.isObject()) {
      throw new IllegalArgumentException(source + ": the header is not a JSON object");
    }
    long dataStart = 8 + headerLength;
    long dataLength = bytes.length - dataStart;
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    Map<String, String> metadata = new LinkedHashMap<>();
    long expectedBegin = 0;
    for (Iterator<Map.Entry<String, JsonNode>> fields = header.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode info = field.getValue();
      if (name.equals("__metadata__")) {
        info.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        continue;
      }
      String where = source + ": tensor '" + name + "'";
      if (!"F32".equals(info.path("dtype").asText())) {
        throw new IllegalArgumentException(where + " has dtype " + info.path("dtype") + ", expected F32");
      }
      JsonNode shapeNode = info.path("shape");
      JsonNode offsets = info.path("data_offsets");
      if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
        throw new IllegalArgumentException(where + " needs a shape array and two data_offsets");
      }
      long[] shape = new long[shapeNode.size()];
      long count = 1;
      for (int i = 0; i < shape.length; i++) {
        shape[i] = shapeNode.get(i).asLong(-1);
        if (shape[i] < 0) {
          throw new IllegalArgumentException(where + " has shape " + shapeNode + " with a negative dimension");
        }
        count = Math.multiplyExact(count, shape[i]);
      }
      long begin = offsets.get(0).asLong(-1);
      long end = offsets.get(1).asLong(-1);
      // This reader keeps tensors in header order, which is the order this class writes them in.
      if (begin != expectedBegin || end < begin || end > dataLength || end - begin != 4 * count) {
        throw new IllegalArgumentException(where + " has data_offsets [" + begin + ", " + end + "], expected ["
            + expectedBegin + ", " + (expectedBegin + 4 * count) + "] within " + dataLength + " data bytes");
      }
      ByteBuffer data = ByteBuffer.wrap(bytes, (int) (dataStart + begin), (int) (end - begin))
          .order(ByteOrder.LITTLE_ENDIAN);
      float[] values = new float[(int) count];
      data.asFloatBuffer().get(values);
      tensors.put(name, new Tensor(shape, values));
      expectedBegin = end;
    }
    if (expectedBegin != dataLength) {
      throw new IllegalArgumentException(source + ": " + (dataLength - expectedBegin) + " data bytes after the last "
          + "tensor");
    }
    return new Contents(tensors, metadata);
  }

  /** IEEE binary16, rounded to nearest even; overflow goes to infinity. */
  static short toFloat16(float value) {
    int bits = Float.floatToIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int biased = (bits >>> 23) & 0xff;
    int mantissa = bits & 0x7fffff;
    if (biased == 0xff) {
      return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
    }
    int exponent = biased - 127 + 15;
    if (exponent >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    int shift;
    int half;
    if (exponent <= 0) {
      if (exponent < -10) {
        return (short) sign;
      }
      mantissa |= 0x800000;
      shift = 14 - exponent;
      half = mantissa >> shift;
    } else {
      shift = 13;
      half = (exponent << 10) | (mantissa >> shift);
    }
    int rest = mantissa & ((1 << shift) - 1);
    int midpoint = 1 << (shift - 1);
    if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
      half++; // a carry into the exponent is the correctly rounded result
    }
    return (short) (sign | half);
  }

  /** The upper half of the float32 bits, rounded to nearest even. */
  static short toBfloat16(float value) {
    if (Float.isNaN(value)) {
      return (short) 0x7fc0;
    }
    int bits = Float.floatToIntBits(value);
    bits += 0x7fff + ((bits >>> 16) & 1);
    return (short) (bits >>> 16);
  }
}
