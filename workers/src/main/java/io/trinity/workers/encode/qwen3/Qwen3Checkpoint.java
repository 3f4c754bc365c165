package io.trinity.workers.encode.qwen3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local Hugging Face Qwen3 snapshot, checked before anything is loaded: {@code config.json}, the weights in
 * {@code model.safetensors} or sharded through {@code model.safetensors.index.json}, and every tensor the
 * decoder needs present with the shape the config implies. The LM head is not needed for hidden states.
 */
public final class Qwen3Checkpoint {
  public static final String CONFIG_FILE = "config.json";
  public static final String WEIGHTS_FILE = "model.safetensors";
  public static final String INDEX_FILE = "model.safetensors.index.json";
  public static final String TOKENIZER_FILE = "tokenizer.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tensor of the checkpoint: where it is stored and how. */
  record StoredTensor(SafetensorsFile file, SafetensorsFile.Entry entry) {
    ByteBuffer bytes() {
      return file.map(entry);
    }
  }

  private final Path directory;
  private final Qwen3Config config;
  private final Map<String, StoredTensor> tensors;

  private Qwen3Checkpoint(Path directory, Qwen3Config config, Map<String, StoredTensor> tensors) {
    this.directory = directory;
    this.config = config;
    this.tensors = tensors;
  }

  /** Reads and checks the directory's config.json without touching the weights. */
  public static Qwen3Config readConfig(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new CheckpointException("model directory " + directory + " does not exist");
    }
    Path configFile = directory.resolve(CONFIG_FILE);
    if (!Files.isRegularFile(configFile)) {
      throw new CheckpointException("model directory " + directory + " has no " + CONFIG_FILE);
    }
    return Qwen3Config.read(configFile);
  }

  public static Qwen3Checkpoint open(Path directory) {
    Qwen3Config config = readConfig(directory);
    Map<String, StoredTensor> all = storedTensors(directory);
    Map<String, StoredTensor> needed = new LinkedHashMap<>();
    for (var expected : expectedShapes(config).entrySet()) {
      String name = expected.getKey();
      StoredTensor tensor = all.get(name);
      if (tensor == null) {
        throw new CheckpointException("checkpoint " + directory + " is missing tensor '" + name + "' (expected shape "
            + Arrays.toString(expected.getValue()) + ")");
      }
      if (!Arrays.equals(tensor.entry().shape(), expected.getValue())) {
        throw new CheckpointException("tensor '" + name + "' in " + tensor.file().file() + " has shape "
            + Arrays.toString(tensor.entry().shape()) + ", expected " + Arrays.toString(expected.getValue())
            + " from " + CONFIG_FILE);
      }
      needed.put(name, tensor);
    }
    return new Qwen3Checkpoint(directory, config, needed);
  }

  private static Map<String, StoredTensor> storedTensors(Path directory) {
    Path single = directory.resolve(WEIGHTS_FILE);
    Path index = directory.resolve(INDEX_FILE);
    Map<String, StoredTensor> all = new HashMap<>();
    if (Files.isRegularFile(single)) {
      SafetensorsFile file = SafetensorsFile.open(single);
      file.entries().values().forEach(e -> all.put(e.name(), new StoredTensor(file, e)));
      return all;
    }
    if (!Files.isRegularFile(index)) {
      throw new CheckpointException("model directory " + directory + " has neither " + WEIGHTS_FILE + " nor "
          + INDEX_FILE);
    }
    JsonNode weightMap;
    try {
      weightMap = JSON.readTree(Files.readAllBytes(index)).get("weight_map");
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + index + ": " + e.getMessage(), e);
    }
    if (weightMap == null || !weightMap.isObject()) {
      throw new CheckpointException(index + ": missing object 'weight_map'");
    }
    Map<String, SafetensorsFile> shards = new HashMap<>();
    for (var it = weightMap.fields(); it.hasNext(); ) {
      var mapping = it.next();
      String shardName = mapping.getValue().asText();
      Path shardPath = directory.resolve(shardName).normalize();
      if (!shardPath.startsWith(directory.normalize()) || !Files.isRegularFile(shardPath)) {
        throw new CheckpointException(index + ": tensor '" + mapping.getKey() + "' maps to shard '" + shardName
            + "', which is not a file in " + directory);
      }
      SafetensorsFile shard = shards.computeIfAbsent(shardName, n -> SafetensorsFile.open(shardPath));
      SafetensorsFile.Entry entry = shard.entries().get(mapping.getKey());
      if (entry == null) {
        throw new CheckpointException(index + ": tensor '" + mapping.getKey() + "' is not in shard " + shardPath);
      }
      all.put(entry.name(), new StoredTensor(shard, entry));
    }
    return all;
  }

  /** The decoder's tensors in load order, with the shapes the config implies. */
  public static Map<String, long[]> expectedShapes(Qwen3Config c) {
    long h = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    long i = c.intermediateSize();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put(Names.EMBED, new long[] {c.vocabSize(), h});
    for (int layer = 0; layer < c.numLayers(); layer++) {
      shapes.put(Names.layer(layer, Names.INPUT_NORM), new long[] {h});
      shapes.put(Names.layer(layer, Names.Q_PROJ), new long[] {q, h});
      shapes.put(Names.layer(layer, Names.K_PROJ), new long[] {kv, h});
      shapes.put(Names.layer(layer, Names.V_PROJ), new long[] {kv, h});
      shapes.put(Names.layer(layer, Names.O_PROJ), new long[] {h, q});
      shapes.put(Names.layer(layer, Names.Q_NORM), new long[] {c.headDim()});
      shapes.put(Names.layer(layer, Names.K_NORM), new long[] {c.headDim()});
      shapes.put(Names.layer(layer, Names.POST_NORM), new long[] {h});
      shapes.put(Names.layer(layer, Names.GATE_PROJ), new long[] {i, h});
      shapes.put(Names.layer(layer, Names.UP_PROJ), new long[] {i, h});
      shapes.put(Names.layer(layer, Names.DOWN_PROJ), new long[] {h, i});
    }
    shapes.put(Names.FINAL_NORM, new long[] {h});
    return shapes;
  }

  public Path directory() {
    return directory;
  }

  public Qwen3Config config() {
    return config;
  }

  /** The decoder's tensors in load order. */
  List<String> tensorNames() {
    return new ArrayList<>(tensors.keySet());
  }

  StoredTensor tensor(String name) {
    StoredTensor tensor = tensors.get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("no decoder tensor '" + name + "'");
    }
    return tensor;
  }

  /** The Hugging Face names of the Qwen3 decoder's tensors. */
  public static final class Names {
    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String INPUT_NORM = "input_layernorm.weight";
    public static final String Q_PROJ = "self_attn.q_proj.weight";
    public static final String K_PROJ = "self_attn.k_proj.weight";
    public static final String V_PROJ = "self_attn.v_proj.weight";
    public static final String O_PROJ = "self_attn.o_proj.weight";
    public static final String Q_NORM = "self_attn.q_norm.weight";
    public static final String K_NORM = "self_attn.k_norm.weight";
    public static final String POST_NORM = "post_attention_layernorm.weight";
    public static final String GATE_PROJ = "mlp.gate_proj.weight";
    public static final String UP_PROJ = "mlp.up_proj.weight";
    public static final String DOWN_PROJ = "mlp.down_proj.weight";

    private Names() {}

    public static String layer(int layer, String tensor) {
      return "model.layers." + layer + '.' + tensor;
    }
  }
}
