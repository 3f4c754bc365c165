package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.head.Safetensors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny random Qwen3 checkpoint held in memory for the reference forward and written by the tests: config.json,
 * safetensors weights (one file or shards, in float32, float16 or bfloat16; the values are exact in all three)
 * and the byte-level tokenizer of {@link RandomCheckpoint}.
 */
final class TinyQwen3 {
  static final int VOCAB = 300;
  static final int HIDDEN = 64;
  static final int LAYERS = 2;
  static final int HEADS = 4;
  static final int KV_HEADS = 2;
  /** heads * head_dim differs from hidden, as in the real 0.6B model. */
  static final int HEAD_DIM = 24;
  static final int INTERMEDIATE = 96;
  static final double EPS = 1e-6;
  static final double THETA = 1_000_000;
  static final int END_OF_TEXT = RandomCheckpoint.END_OF_TEXT_ID;
  static final int IM_START = RandomCheckpoint.IM_START_ID;
  static final int IM_END = RandomCheckpoint.IM_END_ID;

  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, Safetensors.Tensor> weights;

  private TinyQwen3(Map<String, Safetensors.Tensor> weights) {
    this.weights = weights;
  }

  static TinyQwen3 random(long seed) {
    Map<String, Safetensors.Tensor> weights = new LinkedHashMap<>();
    for (var entry : Qwen3Checkpoint.expectedShapes(config()).entrySet()) {
      weights.put(entry.getKey(), new Safetensors.Tensor(entry.getValue(),
          RandomCheckpoint.values(entry.getKey(), entry.getValue(), seed)));
    }
    return new TinyQwen3(weights);
  }

  /** The same model with one tensor multiplied by {@code factor}. */
  TinyQwen3 withScaled(String name, float factor) {
    Map<String, Safetensors.Tensor> scaled = new LinkedHashMap<>(weights);
    float[] data = weights.get(name).data().clone();
    for (int i = 0; i < data.length; i++) {
      data[i] *= factor;
    }
    scaled.put(name, new Safetensors.Tensor(weights.get(name).shape(), data));
    return new TinyQwen3(scaled);
  }

  static Qwen3Config config() {
    return new Qwen3Config(HIDDEN, LAYERS, HEADS, KV_HEADS, HEAD_DIM, INTERMEDIATE, EPS, THETA, VOCAB, true,
        "bfloat16");
  }

  float[] weight(String name) {
    return weights.get(name).data();
  }

  static ObjectNode configJson() {
    return RandomCheckpoint.configJson(config());
  }

  /** Writes config.json, model.safetensors and tokenizer.json to {@code dir}. */
  Path writeTo(Path dir, Safetensors.Dtype dtype) throws IOException {
    return writeTo(dir, dtype, weights, configJson());
  }

  static Path writeTo(Path dir, Safetensors.Dtype dtype, Map<String, Safetensors.Tensor> weights, ObjectNode config)
      throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(Qwen3Checkpoint.CONFIG_FILE).toFile(), config);
    try (OutputStream out = Files.newOutputStream(dir.resolve(Qwen3Checkpoint.WEIGHTS_FILE))) {
      Safetensors.write(weights, Map.of("format", "pt"), dtype, out);
    }
    writeTokenizer(dir);
    return dir;
  }

  /** Writes the weights in {@code shards} files with a model.safetensors.index.json, as large snapshots come. */
  Path writeShardedTo(Path dir, Safetensors.Dtype dtype, int shards) throws IOException {
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(Qwen3Checkpoint.CONFIG_FILE).toFile(), configJson());
    List<Map<String, Safetensors.Tensor>> parts = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      parts.add(new LinkedHashMap<>());
    }
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", 0);
    ObjectNode map = index.putObject("weight_map");
    int i = 0;
    for (var entry : weights.entrySet()) {
      int shard = i++ % shards;
      parts.get(shard).put(entry.getKey(), entry.getValue());
      map.put(entry.getKey(), shardName(shard, shards));
    }
    for (int s = 0; s < shards; s++) {
      try (OutputStream out = Files.newOutputStream(dir.resolve(shardName(s, shards)))) {
        Safetensors.write(parts.get(s), Map.of("format", "pt"), dtype, out);
      }
    }
    JSON.writeValue(dir.resolve(Qwen3Checkpoint.INDEX_FILE).toFile(), index);
    writeTokenizer(dir);
    return dir;
  }

  private static String shardName(int shard, int shards) {
    return String.format("model-%05d-of-%05d.safetensors", shard + 1, shards);
  }

  static void writeTokenizer(Path dir) throws IOException {
    RandomCheckpoint.writeTokenizer(dir);
  }
}
