package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The header of one safetensors file and memory-mapped access to its tensors. Tensors are mapped one at a time,
 * so files larger than 2 GiB work as long as each tensor is smaller.
 */
final class SafetensorsFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER_BYTES = 100L << 20;

  /** The stored element types this loader converts; others (integers, fp8) are rejected by name. */
  enum StoredType {
    F32(4), F16(2), BF16(2);

    final int bytes;

    StoredType(int bytes) {
      this.bytes = bytes;
    }
  }

  record Entry(String name, StoredType type, long[] shape, long begin, long end) {
    long elements() {
      return Arrays.stream(shape).reduce(1, Math::multiplyExact);
    }
  }

  private final Path file;
  private final long dataStart;
  private final Map<String, Entry> entries;

  private SafetensorsFile(Path file, long dataStart, Map<String, Entry> entries) {
    this.file = file;
    this.dataStart = dataStart;
    this.entries = entries;
  }

  static SafetensorsFile open(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      if (size < 8 || channel.read(lengthBytes, 0) != 8) {
        throw new CheckpointException(file + ": too short for a safetensors file");
      }
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > size) {
        throw new CheckpointException(file + ": invalid safetensors header length " + headerLength);
      }
      ByteBuffer header = ByteBuffer.allocate((int) headerLength);
      channel.read(header, 8);
      JsonNode root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
      long dataStart = 8 + headerLength;
      Map<String, Entry> entries = new LinkedHashMap<>();
      for (var it = root.fields(); it.hasNext(); ) {
        var field = it.next();
        if (field.getKey().equals("__metadata__")) {
          continue;
        }
        Entry entry = entry(file, field.getKey(), field.getValue());
        if (dataStart + entry.end() > size) {
          throw new CheckpointException(file + ": tensor '" + entry.name() + "' ends past the end of the file");
        }
        entries.put(entry.name(), entry);
      }
      return new SafetensorsFile(file, dataStart, Collections.unmodifiableMap(entries));
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static Entry entry(Path file, String name, JsonNode info) {
    String dtype = info.path("dtype").asText();
    StoredType type;
    try {
      type = StoredType.valueOf(dtype.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(file + ": tensor '" + name + "' has unsupported dtype '" + dtype
          + "'; expected F32, F16 or BF16");
    }
    JsonNode shapeNode = info.path("shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    JsonNode offsets = info.path("data_offsets");
    long begin = offsets.path(0).asLong(-1);
    long end = offsets.path(1).asLong(-1);
    Entry entry = new Entry(name, type, shape, begin, end);
    if (begin < 0 || end - begin != entry.elements() * type.bytes) {
      throw new CheckpointException(file + ": tensor '" + name + "' has data_offsets " + offsets + " that do not fit "
          + "shape " + Arrays.toString(shape) + " of " + dtype);
    }
    return entry;
  }

  Path file() {
    return file;
  }

  Map<String, Entry> entries() {
    return entries;
  }

  /** The tensor's raw little-endian bytes, mapped read-only. */
  ByteBuffer map(Entry entry) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + entry.begin(), entry.end() - entry.begin())
          .order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new CheckpointException("cannot map tensor '" + entry.name() + "' of " + file + ": " + e.getMessage(), e);
    }
  }
}
