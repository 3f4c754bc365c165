package io.trinity.driver.spark;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.trinity.driver.config.EncoderSection;
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
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Which encoder executors build, small enough to ship with every task: never the encoder itself, which holds
 * weights and native memory. Arrays rather than collections so Kryo needs no registration of JDK internals;
 * {@link #key} identifies equal descriptions for the per-JVM cache.
 */
public sealed interface EncoderSpec extends Serializable permits EncoderSpec.Hashing, EncoderSpec.Qwen3 {
  /** Builds the encoder; called once per executor JVM and description. */
  Encoder create();

  /** Equal for descriptions of the same encoder. */
  String key();

  static EncoderSpec of(EncoderSection section) {
    if (section.isQwen3()) {
      return new Qwen3(section.model(), section.computeType(), section.tokenBudget(), section.cacheBytes(),
          section.maxBatch(), section.svf().toArray(String[]::new));
    }
    return new Hashing(section.dimension(), section.families().stream().map(FeatureFamily::wireName)
        .toArray(String[]::new));
  }

  /** The feature-hashing encoder: {@code dimension} buckets over the families named by their wire names. */
  record Hashing(int dimension, String[] families) implements EncoderSpec {
    public Hashing {
      families = families.clone();
    }

    @Override
    public Encoder create() {
      EnumSet<FeatureFamily> set = EnumSet.noneOf(FeatureFamily.class);
      Arrays.stream(families).forEach(f -> set.add(FeatureFamily.fromWireName(f)));
      return new HashingEncoder(dimension, set);
    }

    @Override
    public String key() {
      return "hashing " + dimension + " " + Arrays.toString(families);
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
    public Encoder create() {
      TaskContext task = TaskContext.get();
      return Qwen3Encoder.builder(Path.of(model))
          .device(device(task == null ? Map.of() : task.resourcesJMap()))
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

    /**
     * The first GPU Spark assigned to the task (spark.task.resource.gpu.amount), else the CPU. The encoder is
     * built once per JVM, so all its tasks share that GPU; one executor per GPU keeps them apart.
     */
    static Device device(Map<String, ResourceInformation> resources) {
      ResourceInformation gpu = resources.get("gpu");
      if (gpu == null || gpu.addresses().length == 0) {
        return Device.cpu();
      }
      return Device.gpu(Integer.parseInt(gpu.addresses()[0].trim()));
    }
  }
}
