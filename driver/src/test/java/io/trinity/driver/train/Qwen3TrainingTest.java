package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.export.ReadOptions;
import io.trinity.workers.head.Safetensors;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains with the Qwen3 encoder on a tiny random checkpoint written here, on local Spark through the loopback
 * gateway and the simulated pool: the executors load the model, the head reads its hidden states.
 */
class Qwen3TrainingTest {
  /** hidden 24, so the exported head must be [4 + 3, 24]; down_proj is [24, 40]: 24 SVF scales. */
  private static final Qwen3Config TINY = new Qwen3Config(24, 2, 2, 1, 12, 40, 1e-6, 1e6, 280, true, "bfloat16");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path model;

  @TempDir
  Path dir;

  @BeforeAll
  static void writeModel() throws Exception {
    RandomCheckpoint.write(model, TINY, 11, Safetensors.Dtype.BF16);
  }

  private TrainingConfig config(Path folder, int generations, String extraEncoder) {
    return TrainingFixtures.config(folder, generations, 6, 4, """
          type: qwen3
          model: %s
          max_batch: 8
          token_budget: 192
        %s""".formatted(model, extraEncoder), 0.1, 2, "");
  }

  @Test
  void aResumedQwen3RunEqualsTheUninterruptedOneAndExportsAHeadOfTheHiddenSize() throws Exception {
    Path whole = Files.createDirectories(dir.resolve("whole"));
    TrainingJob.Result uninterrupted = new TrainingJob(config(whole, 3, ""), whole.resolve("run").toString(),
        TrainingJob.Existing.FAIL).run();

    Path parts = Files.createDirectories(dir.resolve("parts"));
    Path run = parts.resolve("run");
    new TrainingJob(config(parts, 2, ""), run.toString(), TrainingJob.Existing.FAIL).run();
    assertTrue(Files.exists(run.resolve(Checkpoint.FILE)));
    TrainingJob.Result resumed = new TrainingJob(config(parts, 3, ""), run.toString(),
        TrainingJob.Existing.RESUME).run();

    assertArrayEquals(uninterrupted.head(), resumed.head());
    assertEquals(3, resumed.metrics().size());
    for (int g = 0; g < 3; g++) {
      assertEquals(uninterrupted.metrics().get(g).meanFitness(), resumed.metrics().get(g).meanFitness());
      assertEquals(uninterrupted.metrics().get(g).llmCalls(), resumed.metrics().get(g).llmCalls());
    }
    assertEquals(uninterrupted.eval().firstHead().accuracy(), resumed.eval().firstHead().accuracy());
    assertTrue(uninterrupted.metrics().get(0).llmCalls() >= 7 * 4, "every episode made a call");

    assertEquals(24, resumed.shape().dimension());
    assertEquals(7 * 24, resumed.head().length);
    JsonNode head = JSON.readTree(run.resolve("head.json").toFile());
    assertEquals("qwen3", head.get("encoder").get("type").asText());
    assertEquals(24, head.get("head").get("dimension").asInt());
    assertEquals("[7,24]", head.get("head").get("blocks").get(0).get("shape").toString());
    // The export reads back against the snapshot it was trained on: its files hash as recorded.
    ExportedHead back = HeadExports.read(RunDirectory.open(run.toString(), new Configuration()),
        ReadOptions.strict());
    assertEquals(resumed.coordinator(), back.spec());
    assertArrayEquals(resumed.head(), back.candidate());
    JsonNode tensors = safetensorsHeader(run.resolve("head.safetensors"));
    assertEquals("[7,24]", tensors.get("head.weight").get("shape").toString());
    assertEquals(8 + headerLength(run.resolve("head.safetensors")) + 4L * 7 * 24,
        Files.size(run.resolve("head.safetensors")));
  }

  @Test
  void lowRankHeadWithSvfScalesTrainsAndExportsNamedBlocks() throws Exception {
    TrainingJob.Result result = new TrainingJob(config(dir, 2, """
          svf: [model.layers.1.mlp.down_proj.weight]
          head: low_rank
          rank: 3
        """), dir.resolve("run").toString(), TrainingJob.Existing.FAIL).run();

    // A [3, 24], a [3], B [7, 3], b [7], then 24 scales
    int headParameters = 3 * 24 + 3 + 7 * 3 + 7;
    assertEquals(headParameters + 24, result.head().length);
    float[] scales = Arrays.copyOfRange(result.head(), headParameters, result.head().length);
    assertNotEquals(1.0f, scales[0], "the scales started at 1 and were evolved");
    JsonNode tensors = safetensorsHeader(dir.resolve("run/head.safetensors"));
    assertEquals("[3,24]", tensors.get("head.down.weight").get("shape").toString());
    assertEquals("[7,3]", tensors.get("head.up.weight").get("shape").toString());
    assertEquals("[24]", tensors.get("svf.model.layers.1.mlp.down_proj.weight").get("shape").toString());
    JsonNode head = JSON.readTree(dir.resolve("run/head.json").toFile());
    assertEquals("low_rank", head.get("head").get("type").asText());
    assertEquals(5, head.get("head").get("blocks").size());
    assertEquals("[\"model.layers.1.mlp.down_proj.weight\"]", head.get("encoder").get("svf").toString());
  }

  private static long headerLength(Path safetensors) throws Exception {
    byte[] bytes = Files.readAllBytes(safetensors);
    return ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static JsonNode safetensorsHeader(Path safetensors) throws Exception {
    byte[] bytes = Files.readAllBytes(safetensors);
    int length = (int) headerLength(safetensors);
    return JSON.readTree(new String(bytes, 8, length, StandardCharsets.UTF_8));
  }
}
