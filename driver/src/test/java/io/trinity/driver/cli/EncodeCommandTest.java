package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Transcript;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncodeCommandTest {
  private static final Qwen3Config CONFIG = new Qwen3Config(32, 1, 2, 1, 16, 48, 1e-6, 1e6, 280, true, "bfloat16");

  @TempDir
  static Path model;

  @BeforeAll
  static void writeModel() throws Exception {
    RandomCheckpoint.write(model, CONFIG, 5, Safetensors.Dtype.BF16);
  }

  private static int[] ids(JsonNode json) {
    int[] ids = new int[json.get("ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = json.get("ids").get(i).intValue();
    }
    return ids;
  }

  private static float[] hidden(JsonNode json) {
    float[] hidden = new float[json.get("hidden").size()];
    for (int i = 0; i < hidden.length; i++) {
      hidden[i] = json.get("hidden").get(i).floatValue();
    }
    return hidden;
  }

  @Test
  void printsTheHiddenStateOfAChatFormattedText() throws Exception {
    CliRun outcome = CliRun.of("encode", "--model", model.toString(), "--text", "What is 6 times 7?");
    assertEquals(0, outcome.exitCode(), outcome.err());
    JsonNode json = new ObjectMapper().readTree(outcome.out());
    try (Qwen3Encoder encoder = Qwen3Encoder.builder(model).build()) {
      int[] ids = encoder.tokenize(Transcript.of("What is 6 times 7?")).ids();
      assertArrayEquals(ids, ids(json));
      assertEquals(ids.length, json.get("tokens").asInt());
      assertEquals(RandomCheckpoint.IM_START_ID, ids[0]);
      assertEquals(RandomCheckpoint.IM_END_ID, ids[ids.length - 2]);
      assertArrayEquals(encoder.encodeAll(List.of(Transcript.of("What is 6 times 7?"))).get(0).hidden(),
          hidden(json));
    }
    assertEquals(32, json.get("hidden").size());
  }

  @Test
  void tokenIdsAreUsedAsGiven() throws Exception {
    CliRun outcome = CliRun.of("encode", "--model", model.toString(), "--token-ids", "1,2,3,263,10");
    assertEquals(0, outcome.exitCode(), outcome.err());
    JsonNode json = new ObjectMapper().readTree(outcome.out());
    assertEquals(5, json.get("tokens").asInt());
    assertArrayEquals(new int[] {1, 2, 3, 263, 10}, ids(json));
    try (Qwen3Encoder encoder = Qwen3Encoder.builder(model).build()) {
      assertArrayEquals(encoder.encodeTokens(new int[] {1, 2, 3, 263, 10}).hidden(), hidden(json));
    }
  }

  @Test
  void badInputIsOneLineWithExitCode2() {
    CliRun outOfVocabulary = CliRun.of("encode", "--model", model.toString(), "--token-ids", "1,999");
    assertEquals(2, outOfVocabulary.exitCode());
    assertTrue(outOfVocabulary.err().contains("token id 999"), outOfVocabulary.err());
    CliRun noModel = CliRun.of("encode", "--model", model.resolve("missing").toString(), "--text", "hi");
    assertEquals(2, noModel.exitCode());
    assertTrue(noModel.err().startsWith("error: "), noModel.err());
    assertTrue(noModel.err().contains("model directory " + model.resolve("missing") + " does not exist"),
        noModel.err());
    CliRun both = CliRun.of("encode", "--model", model.toString(), "--text", "hi", "--token-ids", "1,2");
    assertEquals(2, both.exitCode());
  }
}
