package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.encode.qwen3.Qwen3Checkpoint.Names;
import io.trinity.workers.head.Safetensors;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A tiny random Qwen3 checkpoint written by the tests: config.json, safetensors weights (one file or shards, in
 * float32, float16 or bfloat16) and a byte-level BPE tokenizer.json with Qwen's chat special tokens. Every weight
 * is exactly representable in all three element types, so the reference forward sees the values the loader reads
 * whatever the stored type.
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
  /** Special tokens follow the byte-level vocabulary and its merges, as in Qwen's tokenizer. */
  static final int MERGES = 5;
  static final int END_OF_TEXT = 256 + MERGES;
  static final int IM_START = END_OF_TEXT + 1;
  static final int IM_END = END_OF_TEXT + 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  final Map<String, Safetensors.Tensor> weights;

  private TinyQwen3(Map<String, Safetensors.Tensor> weights) {
    this.weights = weights;
  }

  static TinyQwen3 random(long seed) {
    Random random = new Random(seed);
    Map<String, Safetensors.Tensor> weights = new LinkedHashMap<>();
    Qwen3Config config = config();
    for (var entry : Qwen3Checkpoint.expectedShapes(config).entrySet()) {
      long[] shape = entry.getValue();
      boolean norm = shape.length == 1;
      double scale = norm ? 0.2 : entry.getKey().equals(Names.EMBED) ? 1.0 : 1.0 / Math.sqrt(shape[1]);
      float[] data = new float[(int) (norm ? shape[0] : shape[0] * shape[1])];
      for (int i = 0; i < data.length; i++) {
        data[i] = exact((norm ? 1.0 : 0.0) + scale * random.nextGaussian());
      }
      weights.put(entry.getKey(), new Safetensors.Tensor(shape, data));
    }
    return new TinyQwen3(weights);
  }

  /** Rounds towards zero to bfloat16 and flushes values below float16's normal range, so all three types hold it. */
  private static float exact(double value) {
    float rounded = Float.intBitsToFloat(Float.floatToIntBits((float) value) & 0xffff0000);
    return Math.abs(rounded) < 0x1p-14f ? 0f : rounded;
  }

  static Qwen3Config config() {
    return new Qwen3Config(HIDDEN, LAYERS, HEADS, KV_HEADS, HEAD_DIM, INTERMEDIATE, EPS, THETA, VOCAB, true,
        "bfloat16");
  }

  float[] weight(String name) {
    return weights.get(name).data();
  }

  static ObjectNode configJson() {
    ObjectNode config = JSON.createObjectNode();
    config.putArray("architectures").add(Qwen3Config.ARCHITECTURE);
    config.put("model_type", "qwen3");
    config.put("attention_bias", false);
    config.put("hidden_act", "silu");
    config.put("hidden_size", HIDDEN);
    config.put("num_hidden_layers", LAYERS);
    config.put("num_attention_heads", HEADS);
    config.put("num_key_value_heads", KV_HEADS);
    config.put("head_dim", HEAD_DIM);
    config.put("intermediate_size", INTERMEDIATE);
    config.put("rms_norm_eps", EPS);
    config.put("rope_theta", THETA);
    config.putNull("rope_scaling");
    config.put("use_sliding_window", false);
    config.put("max_position_embeddings", 4096);
    config.put("vocab_size", VOCAB);
    config.put("tie_word_embeddings", true);
    config.put("torch_dtype", "bfloat16");
    config.put("bos_token_id", END_OF_TEXT);
    config.put("eos_token_id", IM_END);
    return config;
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

  /**
   * A byte-level BPE tokenizer with the 256 byte tokens, five merges (ids 256 to 260), and Qwen's special tokens
   * {@code <|endoftext|>}, {@code <|im_start|>} and {@code <|im_end|>} after them.
   */
  static void writeTokenizer(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    String[] specials = {"<|endoftext|>", "<|im_start|>", "<|im_end|>"};
    for (int i = 0; i < specials.length; i++) {
      added.addObject().put("id", END_OF_TEXT + i).put("content", specials[i]).put("single_word", false)
          .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
    }
    root.putNull("normalizer");
    ObjectNode pre = root.putObject("pre_tokenizer");
    pre.put("type", "ByteLevel").put("add_prefix_space", false).put("trim_offsets", true).put("use_regex", true);
    root.putNull("post_processor");
    ObjectNode decoder = root.putObject("decoder");
    decoder.put("type", "ByteLevel").put("add_prefix_space", true).put("trim_offsets", true).put("use_regex", true);
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.putNull("dropout");
    model.putNull("unk_token");
    model.putNull("continuing_subword_prefix");
    model.putNull("end_of_word_suffix");
    model.put("fuse_unk", false);
    model.put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    String[] byteChars = byteLevelAlphabet();
    for (int b = 0; b < 256; b++) {
      vocab.put(byteChars[b], b);
    }
    // Merges of a few frequent English pairs, so tokens are not all single bytes.
    String[][] merges = {{"t", "h"}, {"\u0120", "t"}, {"e", "r"}, {"i", "n"}, {"\u0120", "a"}};
    ArrayNode mergeList = model.putArray("merges");
    int next = 256;
    for (String[] merge : merges) {
      vocab.put(merge[0] + merge[1], next++);
      mergeList.add(merge[0] + " " + merge[1]);
    }
    JSON.writeValue(dir.resolve(Qwen3Checkpoint.TOKENIZER_FILE).toFile(), root);
  }

  /** GPT-2's reversible map from bytes to printable characters, which byte-level BPE vocabularies are written in. */
  private static String[] byteLevelAlphabet() {
    String[] chars = new String[256];
    int shifted = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      chars[b] = printable ? String.valueOf((char) b) : String.valueOf((char) (256 + shifted++));
    }
    return chars;
  }
}
