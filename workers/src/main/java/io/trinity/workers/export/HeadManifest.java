package io.trinity.workers.export;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * {@code head.json}, format {@value #FORMAT} version {@value #VERSION}: everything needed to rebuild the
 * coordinator a head was trained as. The weights' file and checksum; the pool models in the order of the head's
 * model logits and the roles in the order of its role logits; the head's type and named blocks; the encoder (with
 * checksums of a Qwen3 snapshot's files); the role prompts and episode settings it was trained with; and how it was
 * trained. Fields are written in snake case; absent optional fields are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "format_version", "weights", "models", "roles", "head", "encoder", "prompts", "episode",
    "training"})
public record HeadManifest(String format, Integer formatVersion, Weights weights, List<String> models,
    List<String> roles, HeadEntry head, EncoderEntry encoder, PromptsEntry prompts, EpisodeEntry episode,
    TrainingSummary training) {
  public static final String FORMAT = "trinity-head";
  public static final int VERSION = 2;
  public static final String FILE = "head.json";
  public static final String WEIGHTS_FILE = "head.safetensors";

  /** The weights file, relative to the manifest's folder, and its SHA-256. */
  public record Weights(String file, String sha256) {}

  /**
   * The head: {@code linear} or {@code low_rank} (with {@code rank}), the representation length it reads, and the
   * blocks of {@code head.safetensors} in vector order (head blocks, then {@code svf.<tensor>} scales).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HeadEntry(String type, Integer dimension, Integer rank, List<Block> blocks, String layout) {}

  public record Block(String name, long[] shape) {}

  /**
   * The encoder. {@code hashing}: dimension, feature families, hash function and seed. {@code qwen3}: the snapshot
   * folder used in training, its name and revision where known, the SHA-256 of its config, weights and tokenizer,
   * the compute type, token budget, KV-cache bytes, batch size, the chat-template version and the SVF targets.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EncoderEntry(String type, Integer dimension, List<String> features, String hash, Long seed,
      String model, String name, String revision, String configSha256, String weightsSha256,
      String tokenizerSha256, String computeType, Integer tokenBudget, Long cacheBytes, Integer maxBatch,
      String chatTemplate, List<String> svf) {}

  /** The role prompts: their version, the SHA-256 of their texts, and the texts. */
  public record PromptsEntry(String version, String sha256, String thinker, String worker, String verifier) {}

  /** The turn budget and the sampling parameters of every call. */
  /** {@code overrideModelDefaults} absent reads as false (see {@code EpisodeSettings}). */
  public record EpisodeEntry(Integer maxTurns, Double temperature, Integer maxTokens, Boolean overrideModelDefaults) {}
}
