package io.trinity.workers.coordinator;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.encode.FeatureFamily;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * Which encoder a coordinator reads with, small enough to ship with every Spark task and to write into an export:
 * never the encoder itself, which holds weights and native memory. Arrays rather than collections so Kryo needs no
 * registration of JDK internals; {@link #key} identifies equal descriptions, so that one process builds each
 * encoder once and shares it.
 */
public sealed interface EncoderSpec extends Serializable permits EncoderSpec.Hashing, EncoderSpec.Qwen3 {
  /** Builds the encoder on {@code device} (ignored by encoders that run on the CPU only). */
  Encoder create(Device device);

  /** Equal for descriptions of the same encoder. */
  String key();

  /** The feature-hashing encoder: {@code dimension} buckets over the families named by their wire names. */
  record Hashing(int dimension, String[] families, long seed) implements EncoderSpec {
    public Hashing {
      families = families.clone();
      if (families.length == 0) {
        throw new IllegalArgumentException("the hashing encoder needs at least one feature family");
      }
      Arrays.stream(families).forEach(FeatureFamily::fromWireName);
    }

    @Override
    public Encoder create(Device device) {
      EnumSet<FeatureFamily> set = EnumSet.noneOf(FeatureFamily.class);
      Arrays.stream(families).forEach(f -> set.add(FeatureFamily.fromWireName(f)));
      return new HashingEncoder(dimension, set, seed);
    }

    @Override
    public String key() {
      return "hashing " + dimension + " " + Arrays.toString(families) + " " + seed;
    }
  }

  /**
   * The Qwen3 hidden-state encoder of the snapshot at {@code model}, a path every executor must see (a shared
   * file system or the same local copy on each node).
   */
  record Qwen3(String model, String computeType, int tokenBudget, long cacheBytes, int maxBatch, String[] svf)
      implements EncoderSpec {
    public Qwen3 {
      svf = svf.clone();
    }

    @Override
    public Encoder create(Device device) {
      return Qwen3Encoder.builder(Path.of(model))
          .device(device)
          .computeType(DataType.valueOf(computeType.toUpperCase(Locale.ROOT)))
          .tokenBudget(tokenBudget)
          .cacheBytes(cacheBytes)
          .maxBatch(maxBatch)
          .svf(List.of(svf))
          .build();
    }

    @Override
    public String key() {
      return String.join("\n", "qwen3", model, computeType, String.valueOf(tokenBudget), String.valueOf(cacheBytes),
          String.valueOf(maxBatch), Arrays.toString(svf));
    }
  }
}
