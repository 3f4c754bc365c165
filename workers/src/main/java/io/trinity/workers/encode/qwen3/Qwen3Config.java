package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face Qwen3 {@code config.json} that fix the decoder's shapes and numerics. Other keys
 * of the file (generation settings, token ids, ...) do not change the hidden states and are ignored; the ones
 * that would change them and are not implemented here (rope scaling, attention bias, another activation, sliding
 * windows) are rejected by name.
 */
public record Qwen3Config(
    int hiddenSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int intermediateSize,
    double rmsNormEps,
    double ropeTheta,
    int vocabSize,
    boolean tieWordEmbeddings,
    String torchDtype) {

  public static final String ARCHITECTURE = "Qwen3ForCausalLM";
  private static final ObjectMapper JSON = new ObjectMapper();

  public Qwen3Config {
    requirePositive("hidden_size", hiddenSize);
    requirePositive("num_hidden_layers", numLayers);
    requirePositive("num_attention_heads", numHeads);
    requirePositive("num_key_value_heads", numKvHeads);
    requirePositive("head_dim", headDim);
    requirePositive("intermediate_size", intermediateSize);
    requirePositive("vocab_size", vocabSize);
    if (numHeads % numKvHeads != 0) {
      throw new CheckpointException("num_attention_heads (" + numHeads + ") must be a multiple of "
          + "num_key_value_heads (" + numKvHeads + ")");
    }
    if (headDim % 2 != 0) {
      throw new CheckpointException("head_dim must be even for rotary embeddings, got " + headDim);
    }
    if (!(rmsNormEps > 0) || !(ropeTheta > 0)) {
      throw new CheckpointException("rms_norm_eps and rope_theta must be positive, got " + rmsNormEps + " and "
          + ropeTheta);
    }
  }

  private static void requirePositive(String key, int value) {
    if (value <= 0) {
      throw new CheckpointException(key + " must be positive, got " + value);
    }
  }

  public static Qwen3Config read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new CheckpointException(file + ": expected a JSON object");
    }
    Fields fields = new Fields(file, root);
    JsonNode architectures = root.get("architectures");
    if (architectures == null || !architectures.isArray() || architectures.size() != 1
        || !ARCHITECTURE.equals(architectures.get(0).asText())) {
      throw new CheckpointException(file + ": unsupported architectures " + architectures + "; expected [\""
          + ARCHITECTURE + "\"]");
    }
    fields.rejectUnless("hidden_act", "silu");
    fields.rejectIfTrue("attention_bias");
    fields.rejectIfTrue("use_sliding_window");
    fields.rejectUnlessNull("rope_scaling");
    int hidden = fields.integer("hidden_size");
    int heads = fields.integer("num_attention_heads");
    return new Qwen3Config(
        hidden,
        fields.integer("num_hidden_layers"),
        heads,
        fields.integer("num_key_value_heads"),
        root.has("head_dim") ? fields.integer("head_dim") : hidden / heads,
        fields.integer("intermediate_size"),
        fields.number("rms_norm_eps"),
        fields.number("rope_theta"),
        fields.integer("vocab_size"),
        root.has("tie_word_embeddings") && fields.bool("tie_word_embeddings"),
        root.has("torch_dtype") ? root.get("torch_dtype").asText() : "float32");
  }

  /** Typed access to config.json's keys with errors that name the file and the key. */
  private record Fields(Path file, JsonNode root) {
    JsonNode required(String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        throw new CheckpointException(file + ": missing key '" + key + "'");
      }
      return node;
    }

    int integer(String key) {
      JsonNode node = required(key);
      if (!node.isIntegralNumber() || !node.canConvertToInt()) {
        throw new CheckpointException(file + ": key '" + key + "' must be an integer, got " + node);
      }
      return node.intValue();
    }

    double number(String key) {
      JsonNode node = required(key);
      if (!node.isNumber()) {
        throw new CheckpointException(file + ": key '" + key + "' must be a number, got " + node);
      }
      return node.doubleValue();
    }

    boolean bool(String key) {
      JsonNode node = required(key);
      if (!node.isBoolean()) {
        throw new CheckpointException(file + ": key '" + key + "' must be true or false, got " + node);
      }
      return node.booleanValue();
    }

    void rejectUnless(String key, String expected) {
      JsonNode node = root.get(key);
      if (node != null && !expected.equals(node.asText())) {
        throw new CheckpointException(file + ": unsupported " + key + " " + node + "; expected \"" + expected + "\"");
      }
    }

    void rejectIfTrue(String key) {
      JsonNode node = root.get(key);
      if (node != null && node.asBoolean(false)) {
        throw new CheckpointException(file + ": unsupported " + key + " = true");
      }
    }

    void rejectUnlessNull(String key) {
      JsonNode node = root.get(key);
      if (node != null && !node.isNull()) {
        throw new CheckpointException(file + ": unsupported " + key + " " + node + "; expected null");
      }
    }
  }
}
