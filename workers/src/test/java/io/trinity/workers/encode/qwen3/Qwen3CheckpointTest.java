package io.trinity.workers.encode.qwen3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.encode.qwen3.Qwen3Checkpoint.Names;
import io.trinity.workers.head.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Qwen3CheckpointTest {
  private static final TinyQwen3 TINY = TinyQwen3.random(1);

  @TempDir
  Path dir;

  private String rejection(Map<String, Safetensors.Tensor> weights, ObjectNode config) throws Exception {
    TinyQwen3.writeTo(dir, Safetensors.Dtype.BF16, weights, config);
    return assertThrows(CheckpointException.class, () -> Qwen3Checkpoint.open(dir)).getMessage();
  }

  @Test
  void readsTheConfig() throws Exception {
    Qwen3Checkpoint checkpoint = Qwen3Checkpoint.open(TINY.writeTo(dir, Safetensors.Dtype.BF16));
    assertEquals(TinyQwen3.config(), checkpoint.config());
  }

  @Test
  void rejectsAMissingTensorByName() throws Exception {
    Map<String, Safetensors.Tensor> weights = new LinkedHashMap<>(TINY.weights);
    String name = Names.layer(1, Names.K_NORM);
    weights.remove(name);
    String message = rejection(weights, TinyQwen3.configJson());
    assertTrue(message.contains("missing tensor '" + name + "'"), message);
    assertTrue(message.contains("[" + TinyQwen3.HEAD_DIM + "]"), message);
  }

  @Test
  void rejectsAWrongShapeWithExpectedAndActual() throws Exception {
    Map<String, Safetensors.Tensor> weights = new LinkedHashMap<>(TINY.weights);
    String name = Names.layer(0, Names.UP_PROJ);
    weights.put(name, new Safetensors.Tensor(new long[] {TinyQwen3.HIDDEN, TinyQwen3.INTERMEDIATE},
        weights.get(name).data()));
    String message = rejection(weights, TinyQwen3.configJson());
    assertTrue(message.contains("'" + name + "'"), message);
    assertTrue(message.contains("has shape [64, 96], expected [96, 64]"), message);
  }

  @Test
  void rejectsAnotherArchitecture() throws Exception {
    ObjectNode config = TinyQwen3.configJson();
    config.putArray("architectures").add("LlamaForCausalLM");
    String message = rejection(TINY.weights, config);
    assertTrue(message.contains("unsupported architectures [\"LlamaForCausalLM\"]"), message);
    assertTrue(message.contains("config.json"), message);
  }

  @Test
  void rejectsFeaturesThatWouldChangeTheHiddenStates() throws Exception {
    ObjectNode config = TinyQwen3.configJson();
    config.putObject("rope_scaling").put("type", "yarn");
    assertTrue(rejection(TINY.weights, config).contains("unsupported rope_scaling"));
    config = TinyQwen3.configJson();
    config.put("attention_bias", true);
    assertTrue(rejection(TINY.weights, config).contains("unsupported attention_bias"));
  }

  @Test
  void rejectsAMissingOrMistypedConfigKey() throws Exception {
    ObjectNode config = TinyQwen3.configJson();
    config.remove("num_key_value_heads");
    assertTrue(rejection(TINY.weights, config).contains("missing key 'num_key_value_heads'"));
    config = TinyQwen3.configJson();
    config.put("hidden_size", "64");
    assertTrue(rejection(TINY.weights, config).contains("key 'hidden_size' must be an integer"));
  }

  @Test
  void rejectsAShardIndexThatNamesAMissingFile() throws Exception {
    TINY.writeShardedTo(dir, Safetensors.Dtype.F16, 2);
    Files.delete(dir.resolve("model-00002-of-00002.safetensors"));
    String message = assertThrows(CheckpointException.class, () -> Qwen3Checkpoint.open(dir)).getMessage();
    assertTrue(message.contains("model-00002-of-00002.safetensors"), message);
  }

  @Test
  void rejectsADirectoryWithoutWeights() throws Exception {
    TINY.writeTo(dir, Safetensors.Dtype.F32);
    Files.delete(dir.resolve(Qwen3Checkpoint.WEIGHTS_FILE));
    String message = assertThrows(CheckpointException.class, () -> Qwen3Checkpoint.open(dir)).getMessage();
    assertTrue(message.contains("neither model.safetensors nor model.safetensors.index.json"), message);
  }
}
