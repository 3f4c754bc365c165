package io.trinity.driver.config;

import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.FeatureFamily;
import io.trinity.workers.encode.qwen3.CheckpointException;
import io.trinity.workers.encode.qwen3.Qwen3Checkpoint;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.head.HeadType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's encoder and head. {@code type: hashing} (default) is the feature-hashing encoder of
 * {@code dimension} buckets with the given {@code features} families and {@code hash_seed} (default 0, the hash
 * the encoder always used); {@code type: qwen3} is the hidden-state
 * encoder of the Hugging Face snapshot in {@code model}, with its compute type, token budget, KV-cache memory,
 * batch size and optional SVF targets. {@code head} (linear or low_rank with {@code rank}) applies to both.
 */
public record EncoderSection(String type, Integer dimension, List<String> features, Long hashSeed, String model,
    String computeType, Integer tokenBudget, Long cacheBytes, Integer maxBatch, List<String> svf, String head,
    Integer rank) {
  public static final String HASHING = "hashing";
  public static final String QWEN3 = "qwen3";
  public static final String LINEAR = "linear";
  public static final String LOW_RANK = "low_rank";
  private static final List<String> COMPUTE_TYPES = List.of("float32", "float16", "bfloat16");

  public EncoderSection {
    type = type == null ? HASHING : type;
    switch (type) {
      case HASHING -> {
        onlyFor("encoder.model", model);
        onlyFor("encoder.compute_type", computeType);
        onlyFor("encoder.token_budget", tokenBudget);
        onlyFor("encoder.cache_bytes", cacheBytes);
        onlyFor("encoder.max_batch", maxBatch);
        onlyFor("encoder.svf", svf);
        hashSeed = hashSeed == null ? 0L : hashSeed;
        dimension = Checks.atLeast("encoder.dimension", dimension, 8, 256);
        features = features == null
            ? Arrays.stream(FeatureFamily.values()).map(FeatureFamily::wireName).toList() : List.copyOf(features);
        checkFeatures(features);
      }
      case QWEN3 -> {
        if (dimension != null) {
          throw new IllegalArgumentException("encoder.dimension is for the hashing encoder; the qwen3 encoder's "
              + "dimension is the model's hidden_size from config.json");
        }
        if (features != null) {
          throw new IllegalArgumentException("encoder.features is for the hashing encoder; remove it with "
              + "encoder.type qwen3");
        }
        if (hashSeed != null) {
          throw new IllegalArgumentException("encoder.hash_seed is for the hashing encoder; remove it with "
              + "encoder.type qwen3");
        }
        if (model == null || model.isBlank()) {
          throw new IllegalArgumentException("encoder.model is required with encoder.type qwen3: a local Hugging "
              + "Face snapshot directory (config.json, model.safetensors, tokenizer.json)");
        }
        computeType = computeType == null ? "float32" : computeType;
        if (!COMPUTE_TYPES.contains(computeType)) {
          throw new IllegalArgumentException("encoder.compute_type must be one of " + COMPUTE_TYPES + ", got '"
              + computeType + "'");
        }
        tokenBudget = Checks.atLeast("encoder.token_budget", tokenBudget, 16, 4096);
        cacheBytes = Checks.atLeast("encoder.cache_bytes", cacheBytes, 0L, 1L << 30);
        maxBatch = Checks.atLeast("encoder.max_batch", maxBatch, 1, 16);
        svf = svf == null ? List.of() : List.copyOf(svf);
        if (new HashSet<>(svf).size() != svf.size()) {
          throw new IllegalArgumentException("encoder.svf names a tensor twice: " + svf);
        }
      }
      default -> throw new IllegalArgumentException("encoder.type must be 'hashing' or 'qwen3', got '" + type + "'");
    }
    head = head == null ? LINEAR : head;
    switch (head) {
      case LINEAR -> {
        if (rank != null) {
          throw new IllegalArgumentException("encoder.rank is only for encoder.head low_rank");
        }
      }
      case LOW_RANK -> {
        if (rank == null) {
          throw new IllegalArgumentException("encoder.rank is required with encoder.head low_rank");
        }
        rank = Checks.atLeast("encoder.rank", rank, 1, 0);
      }
      default -> throw new IllegalArgumentException("encoder.head must be 'linear' or 'low_rank', got '" + head
          + "'");
    }
  }

  public static EncoderSection defaults() {
    return new EncoderSection(null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public boolean isQwen3() {
    return type.equals(QWEN3);
  }

  /** The same section with the model directory replaced (relative paths resolved by the loader). */
  public EncoderSection withModel(String resolvedModel) {
    return new EncoderSection(type, dimension, features, hashSeed, resolvedModel, computeType, tokenBudget, cacheBytes,
        maxBatch, svf, head, rank);
  }

  public HeadType headType() {
    return HeadType.fromWireName(head);
  }

  /** The encoder executors build, as it crosses the wire and goes into an export. */
  public EncoderSpec spec() {
    if (isQwen3()) {
      return new EncoderSpec.Qwen3(model, computeType, tokenBudget, cacheBytes, maxBatch, svf.toArray(String[]::new));
    }
    return new EncoderSpec.Hashing(dimension, features.toArray(String[]::new), hashSeed);
  }

  /**
   * Reads the qwen3 model's config.json (not its weights) and checks that every SVF target is one of its
   * projection matrices. The driver needs only this: the hidden size and the number of singular values per target.
   */
  public Qwen3Config modelConfig() {
    if (!isQwen3()) {
      throw new IllegalStateException("encoder.type is " + type + ", not qwen3");
    }
    Qwen3Config config;
    try {
      config = Qwen3Checkpoint.readConfig(Path.of(model));
    } catch (CheckpointException e) {
      throw new IllegalArgumentException("encoder.model: " + e.getMessage(), e);
    }
    svfRanks(config);
    return config;
  }

  /** The number of singular values (SVF scales) of each SVF target, in {@code svf} order. */
  public int[] svfRanks(Qwen3Config config) {
    Map<String, long[]> shapes = Qwen3Checkpoint.expectedShapes(config);
    int[] ranks = new int[svf.size()];
    for (int i = 0; i < ranks.length; i++) {
      long[] shape = shapes.get(svf.get(i));
      if (shape == null || shape.length != 2 || svf.get(i).equals(Qwen3Checkpoint.Names.EMBED)) {
        throw new IllegalArgumentException("encoder.svf[" + i + "]: '" + svf.get(i) + "' is not a projection "
            + "matrix of " + model + "; expected a name like "
            + Qwen3Checkpoint.Names.layer(config.numLayers() - 1, Qwen3Checkpoint.Names.DOWN_PROJ));
      }
      ranks[i] = (int) Math.min(shape[0], shape[1]);
    }
    return ranks;
  }

  private static void onlyFor(String key, Object value) {
    if (value != null) {
      throw new IllegalArgumentException(key + " is only for encoder.type qwen3");
    }
  }

  private static void checkFeatures(List<String> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("encoder.features needs at least one of words, shapes, state");
    }
    for (int i = 0; i < features.size(); i++) {
      try {
        FeatureFamily.fromWireName(features.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("encoder.features[" + i + "]: " + e.getMessage(), e);
      }
    }
  }
}
