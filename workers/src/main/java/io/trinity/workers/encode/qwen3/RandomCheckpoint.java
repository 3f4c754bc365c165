package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.encode.qwen3.Qwen3Checkpoint.Names;
import io.trinity.workers.head.Safetensors;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * Writes a Qwen3 snapshot with seeded random weights and a small byte-level BPE tokenizer, in the layout of a
 * Hugging Face download. Its hidden states mean nothing; it exists so that tests and benchmarks can run the real
 * code path at any model shape without downloading a model.
 */
public final class RandomCheckpoint {
  /** The merged pairs of the tokenizer (ids 256 onwards, after the 256 byte tokens). */
  private static final String[][] MERGES = {{"t", "h"}, {"\u0120", "t"}, {"e", "r"}, {"i", "n"}, {"\u0120", "a"}};
  /** Qwen's special tokens, with ids after the merges as in Qwen's tokenizer. */
  private static final String[] SPECIALS = {"<|endoftext|>", ChatTemplate.IM_START, ChatTemplate.IM_END};
  public static final int END_OF_TEXT_ID = 256 + MERGES.length;
  public static final int IM_START_ID = END_OF_TEXT_ID + 1;
  public static final int IM_END_ID = END_OF_TEXT_ID + 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RandomCheckpoint() {}

  /** Writes config.json, model.safetensors (in {@code dtype}) and tokenizer.json to {@code dir}. */
  public static void write(Path dir, Qwen3Config config, long seed, Safetensors.Dtype dtype) throws IOException {
    if (config.vocabSize() <= IM_END_ID) {
      throw new IllegalArgumentException("vocab_size must exceed the tokenizer's " + (IM_END_ID + 1) + " ids");
    }
    Files.createDirectories(dir);
    JSON.writeValue(dir.resolve(Qwen3Checkpoint.CONFIG_FILE).toFile(), configJson(config));
    Map<String, long[]> shapes = Qwen3Checkpoint.expectedShapes(config);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(Qwen3Checkpoint.WEIGHTS_FILE)),
        1 << 20)) {
      Safetensors.write(shapes, name -> values(name, shapes.get(name), seed), Map.of("format", "pt"), dtype, out);
    }
    writeTokenizer(dir);
  }

  /**
   * The values of one tensor: norm weights near 1, the embedding standard normal, projections scaled by
   * 1/sqrt(fan in). Values are rounded to bfloat16 and those below float16's normal range are zero, so they are
   * stored exactly in F32, F16 and BF16 alike.
   */
  public static float[] values(String name, long[] shape, long seed) {
    Random random = new Random(seed * 1_000_003L + name.hashCode());
    boolean norm = shape.length == 1;
    double scale = norm ? 0.2 : name.equals(Names.EMBED) ? 1.0 : 1.0 / Math.sqrt(shape[1]);
    float[] data = new float[Math.toIntExact(norm ? shape[0] : shape[0] * shape[1])];
    for (int i = 0; i < data.length; i++) {
      float value = (float) ((norm ? 1.0 : 0.0) + scale * random.nextGaussian());
      float rounded = Float.intBitsToFloat(Float.floatToIntBits(value) & 0xffff0000);
      data[i] = Math.abs(rounded) < 0x1p-14f ? 0f : rounded;
    }
    return data;
  }

  /** config.json as Hugging Face writes it for a Qwen3 model of this shape. */
  public static ObjectNode configJson(Qwen3Config c) {
    ObjectNode config = JSON.createObjectNode();
    config.putArray("architectures").add(Qwen3Config.ARCHITECTURE);
    config.put("model_type", "qwen3");
    config.put("attention_bias", false);
    config.put("hidden_act", "silu");
    config.put("hidden_size", c.hiddenSize());
    config.put("num_hidden_layers", c.numLayers());
    config.put("num_attention_heads", c.numHeads());
    config.put("num_key_value_heads", c.numKvHeads());
    config.put("head_dim", c.headDim());
    config.put("intermediate_size", c.intermediateSize());
    config.put("rms_norm_eps", c.rmsNormEps());
    config.put("rope_theta", c.ropeTheta());
    config.putNull("rope_scaling");
    config.put("use_sliding_window", false);
    config.put("max_position_embeddings", 40960);
    config.put("vocab_size", c.vocabSize());
    config.put("tie_word_embeddings", c.tieWordEmbeddings());
    config.put("torch_dtype", c.torchDtype());
    config.put("bos_token_id", END_OF_TEXT_ID);
    config.put("eos_token_id", IM_END_ID);
    return config;
  }

  /** A byte-level BPE tokenizer.json: the 256 byte tokens, five merges, and Qwen's chat special tokens. */
  public static void writeTokenizer(Path dir) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "1.0");
    root.putNull("truncation");
    root.putNull("padding");
    ArrayNode added = root.putArray("added_tokens");
    for (int i = 0; i < SPECIALS.length; i++) {
      added.addObject().put("id", END_OF_TEXT_ID + i).put("content", SPECIALS[i]).put("single_word", false)
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
    ArrayNode merges = model.putArray("merges");
    for (int i = 0; i < MERGES.length; i++) {
      vocab.put(MERGES[i][0] + MERGES[i][1], 256 + i);
      merges.add(MERGES[i][0] + " " + MERGES[i][1]);
    }
    JSON.writeValue(dir.resolve(Qwen3Checkpoint.TOKENIZER_FILE).toFile(), root);
  }

  /** GPT-2's reversible map from bytes to printable characters, in which byte-level BPE vocabularies are written. */
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
