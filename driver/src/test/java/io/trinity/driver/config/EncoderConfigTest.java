package io.trinity.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.head.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The encoder section: hashing or qwen3, their keys, the head, and the model folder checked at load time. */
class EncoderConfigTest {
  private static final Qwen3Config TINY = new Qwen3Config(32, 2, 2, 1, 16, 48, 1e-6, 1e6, 280, true, "bfloat16");
  private static final String HEAD = """
      tasks:
        bundled: demo
      pool:
        file: pools/sim.yaml
      encoder:
      """;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeModel() throws Exception {
    // config.json is all the driver reads; the weights are never loaded here
    RandomCheckpoint.write(dir.resolve("models/tiny"), TINY, 3, Safetensors.Dtype.BF16);
  }

  private static String message(String encoderLines) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(HEAD + encoderLines, "train.yaml"))
        .getMessage();
  }

  private static ConfigException loadError(String encoderLines) throws Exception {
    Path file = dir.resolve("train/" + Math.abs(encoderLines.hashCode()) + ".yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, HEAD + encoderLines);
    return assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
  }

  @Test
  void qwen3WithRelativeModelLoadsWithDefaults() throws Exception {
    Path file = dir.resolve("train/qwen3.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, HEAD + """
          type: qwen3
          model: ../models/tiny
          svf: [model.layers.1.mlp.down_proj.weight, model.layers.0.self_attn.k_proj.weight]
          head: low_rank
          rank: 4
        """);
    EncoderSection encoder = ConfigLoader.load(file).encoder();
    assertEquals(dir.resolve("models/tiny").toString(), encoder.model());
    assertEquals("float32", encoder.computeType());
    assertEquals(4096, encoder.tokenBudget());
    assertEquals(1L << 30, encoder.cacheBytes());
    assertEquals(16, encoder.maxBatch());
    assertEquals(32, encoder.modelConfig().hiddenSize());
    // down_proj is [32, 48] and k_proj [16, 32]: one SVF scale per singular value
    assertEquals(List.of(32, 16), List.of(encoder.svfRanks(encoder.modelConfig())[0],
        encoder.svfRanks(encoder.modelConfig())[1]));
  }

  @Test
  void hashingStaysTheDefault() {
    EncoderSection encoder = ConfigLoader.parse(HEAD + "  dimension: 64\n", "train.yaml").encoder();
    assertEquals("hashing", encoder.type());
    assertEquals("linear", encoder.head());
    assertEquals(64, encoder.dimension());
  }

  @Test
  void featuresWithQwen3NamesTheKeyAndItsLine() {
    String message = message("""
          type: qwen3
          model: /models/tiny
          features: [words]
        """);
    assertTrue(message.startsWith("train.yaml:8: "), message);
    assertTrue(message.contains("encoder.features is for the hashing encoder"), message);
  }

  @Test
  void theHashSeedIsAHashingKey() {
    assertEquals(0L, ConfigLoader.parse(HEAD + "  dimension: 64\n", "train.yaml").encoder().hashSeed());
    assertEquals(5L, ConfigLoader.parse(HEAD + "  dimension: 64\n  hash_seed: 5\n", "train.yaml").encoder()
        .hashSeed());
    String message = message("  type: qwen3\n  model: /m\n  hash_seed: 5\n");
    assertTrue(message.startsWith("train.yaml:8: "), message);
    assertTrue(message.contains("encoder.hash_seed is for the hashing encoder"), message);
  }

  @Test
  void dimensionWithQwen3IsAnError() {
    String message = message("  type: qwen3\n  dimension: 32\n  model: /m\n");
    assertTrue(message.startsWith("train.yaml:7: "), message);
    assertTrue(message.contains("hidden_size"), message);
  }

  @Test
  void qwen3KeysWithHashingAreErrors() {
    String model = message("  dimension: 32\n  model: /models/tiny\n");
    assertTrue(model.startsWith("train.yaml:7: "), model);
    assertTrue(model.contains("encoder.model is only for encoder.type qwen3"), model);
    String svf = message("  svf: [model.layers.0.mlp.down_proj.weight]\n");
    assertTrue(svf.startsWith("train.yaml:6: ") && svf.contains("encoder.svf is only for encoder.type qwen3"), svf);
  }

  @Test
  void qwen3NeedsAModel() {
    String message = message("  type: qwen3\n");
    assertTrue(message.contains("encoder.model is required with encoder.type qwen3"), message);
  }

  @Test
  void unknownTypeComputeTypeAndHeadAreNamed() {
    assertTrue(message("  type: bert\n").contains("encoder.type must be 'hashing' or 'qwen3', got 'bert'"));
    String compute = message("  type: qwen3\n  model: /m\n  compute_type: int8\n");
    assertTrue(compute.startsWith("train.yaml:8: ") && compute.contains("encoder.compute_type must be one of"),
        compute);
    assertTrue(message("  head: mlp\n").contains("encoder.head must be 'linear' or 'low_rank', got 'mlp'"));
  }

  @Test
  void rankGoesWithTheLowRankHeadOnly() {
    assertTrue(message("  head: low_rank\n").contains("encoder.rank is required with encoder.head low_rank"));
    String withLinear = message("  head: linear\n  rank: 4\n");
    assertTrue(withLinear.startsWith("train.yaml:7: ") && withLinear.contains("encoder.rank is only for encoder.head "
        + "low_rank"), withLinear);
    assertTrue(message("  head: low_rank\n  rank: 0\n").contains("encoder.rank must be at least 1, got 0"));
  }

  @Test
  void unknownEncoderKeyIsNamed() {
    String message = message("  type: qwen3\n  model: /m\n  cache_byte: 1024\n");
    assertTrue(message.startsWith("train.yaml:8: "), message);
    assertTrue(message.contains("unknown key 'encoder.cache_byte'"), message);
    assertTrue(message.contains("compute_type") && message.contains("svf"), "lists the known keys: " + message);
  }

  @Test
  void aModelFolderWithoutConfigJsonFailsAtLoad() throws Exception {
    Files.createDirectories(dir.resolve("models/empty"));
    ConfigException e = loadError("  type: qwen3\n  model: ../models/empty\n");
    assertTrue(e.getMessage().contains(".yaml:7: encoder.model: model directory "), e.getMessage());
    assertTrue(e.getMessage().contains("has no config.json"), e.getMessage());
    ConfigException missing = loadError("  type: qwen3\n  model: ../models/absent\n");
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void anSvfTargetThatIsNotAProjectionIsNamed() throws Exception {
    ConfigException e = loadError("""
          type: qwen3
          model: ../models/tiny
          svf:
            - model.layers.0.mlp.down_proj.weight
            - model.layers.9.mlp.down_proj.weight
        """);
    assertTrue(e.getMessage().contains(".yaml:8: encoder.svf[1]: 'model.layers.9.mlp.down_proj.weight' is not a "
        + "projection matrix"), e.getMessage());
    ConfigException twice = assertThrows(ConfigException.class, () -> ConfigLoader.parse(HEAD
        + "  type: qwen3\n  model: /m\n  svf: [a.weight, a.weight]\n", "train.yaml"));
    assertTrue(twice.getMessage().contains("encoder.svf names a tensor twice"), twice.getMessage());
  }
}
