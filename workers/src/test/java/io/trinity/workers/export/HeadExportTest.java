package io.trinity.workers.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.encode.qwen3.ChatTemplate;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export reads back into the coordinator it was written from, and every way it can be wrong or not fit is
 * refused with a message that names the file and the field.
 */
class HeadExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] MODELS = {"sim-a", "sim-b", "sim-c"};
  private static final EpisodeSettings SETTINGS = new EpisodeSettings(4, 0.3, 700);
  private static final TrainingSummary TRAINING = new TrainingSummary("0123456789ab", 42, 12, 16, 8,
      "the optimiser's final mean", null, 0.31, 0.9, 0.7, 1234, 0.56, "abc123", false);
  private static final Qwen3Config TINY = new Qwen3Config(64, 2, 4, 2, 24, 96, 1e-6, 1e6, 300, true, "bfloat16");

  @TempDir
  Path dir;

  private static CoordinatorSpec hashingSpec() {
    return new CoordinatorSpec(MODELS, new EncoderSpec.Hashing(32, new String[] {"shapes", "state"}, 7),
        CandidateLayout.linear(new HeadShape(32, MODELS.length)), RolePrompts.CURRENT, SETTINGS);
  }

  private static float[] random(int n, long seed) {
    Random random = new Random(seed);
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }

  private static List<Transcript> transcripts() {
    Transcript query = Transcript.of("What is 6 times 7?\nA. 42\nB. 36");
    Transcript one = query.append(new Turn("sim-b", Role.WORKER, "The answer is 42."));
    return List.of(query, one, one.append(new Turn("sim-c", Role.VERIFIER, "Verdict: REVISE")));
  }

  private static void assertSameDecisions(Coordinator expected, Coordinator actual) {
    for (Transcript transcript : transcripts()) {
      assertEquals(expected.decide(transcript), actual.decide(transcript), transcript.turns().size() + " turns");
    }
  }

  private ExportFiles hashingExport() {
    CoordinatorSpec spec = hashingSpec();
    return HeadExportWriter.write(dir.toString(), spec, random(spec.layout().parameterCount(), 1), TRAINING);
  }

  @Test
  void aHashingHeadReadsBackAsTheSameCoordinator() throws Exception {
    CoordinatorSpec spec = hashingSpec();
    float[] candidate = random(spec.layout().parameterCount(), 1);
    ExportFiles files = HeadExportWriter.write(dir.toString(), spec, candidate, TRAINING);
    files.write(dir);

    ExportedHead back = HeadExportReader.read(dir, ReadOptions.strict().withPool(List.of("sim-c", "sim-a",
        "sim-b", "sim-d")));
    assertEquals(spec, back.spec());
    assertArrayEquals(candidate, back.candidate());
    assertEquals(TRAINING, back.manifest().training());
    Encoder encoder = back.spec().encoder().create(Device.cpu());
    assertSameDecisions(Coordinator.of(spec, candidate, spec.encoder().create(Device.cpu())),
        back.coordinator(encoder));

    ObjectNode json = (ObjectNode) JSON.readTree(files.manifest());
    assertEquals(2, json.get("format_version").asInt());
    assertEquals("[\"sim-a\",\"sim-b\",\"sim-c\"]", json.get("models").toString());
    assertEquals("[\"Thinker\",\"Worker\",\"Verifier\"]", json.get("roles").toString());
    assertEquals("fnv1a64-splitmix64", json.get("encoder").get("hash").asText());
    assertEquals(7, json.get("encoder").get("seed").asLong());
    assertEquals(RolePrompts.CURRENT.version(), json.get("prompts").get("version").asText());
    assertEquals(4, json.get("episode").get("max_turns").asInt());
    assertEquals("[6,32]", json.get("head").get("blocks").get(0).get("shape").toString());
  }

  @Test
  void aLowRankQwen3HeadWithSvfReadsBackAsTheSameCoordinator() throws Exception {
    Path model = dir.resolve("model");
    RandomCheckpoint.write(model, TINY, 5, Safetensors.Dtype.BF16);
    String[] svf = {"model.layers.1.mlp.down_proj.weight"};
    CandidateLayout layout = new CandidateLayout(new HeadShape(TINY.hiddenSize(), MODELS.length), HeadType.LOW_RANK,
        3, svf, new int[] {64});
    CoordinatorSpec spec = new CoordinatorSpec(MODELS,
        new EncoderSpec.Qwen3(model.toString(), "float32", 512, 1L << 24, 4, svf), layout, RolePrompts.CURRENT,
        SETTINGS);
    float[] candidate = random(layout.parameterCount(), 2);
    for (int i = layout.headParameterCount(); i < candidate.length; i++) {
      candidate[i] = 1 + 0.3f * candidate[i];
    }
    Path export = dir.resolve("export");
    HeadExportWriter.write(export.toString(), spec, candidate, TRAINING).write(export);

    ExportedHead back = HeadExportReader.read(export, ReadOptions.strict());
    assertEquals(spec, back.spec());
    assertArrayEquals(candidate, back.candidate());
    assertEquals(ChatTemplate.VERSION, back.manifest().encoder().chatTemplate());
    assertEquals(64, back.manifest().encoder().weightsSha256().length());
    try (Qwen3Encoder trained = (Qwen3Encoder) spec.encoder().create(Device.cpu());
        Qwen3Encoder reloaded = (Qwen3Encoder) back.spec().encoder().create(Device.cpu())) {
      assertSameDecisions(Coordinator.of(spec, candidate, trained), back.coordinator(reloaded));
    }
  }

  @Test
  void anotherSnapshotThanTheHeadWasTrainedOnIsRefused() throws Exception {
    Path model = dir.resolve("model");
    RandomCheckpoint.write(model, TINY, 5, Safetensors.Dtype.BF16);
    Path other = dir.resolve("other");
    RandomCheckpoint.write(other, TINY, 6, Safetensors.Dtype.BF16);
    CoordinatorSpec spec = new CoordinatorSpec(MODELS,
        new EncoderSpec.Qwen3(model.toString(), "float32", 512, 1L << 24, 4, new String[0]),
        CandidateLayout.linear(new HeadShape(TINY.hiddenSize(), MODELS.length)), RolePrompts.CURRENT, SETTINGS);
    Path export = dir.resolve("export");
    HeadExportWriter.write(export.toString(), spec, random(spec.layout().parameterCount(), 3), TRAINING)
        .write(export);

    ExportException e = assertThrows(ExportException.class,
        () -> HeadExportReader.read(export, ReadOptions.strict().withModelDirectory(other)));
    assertTrue(e.getMessage().startsWith(export + "/head.json: encoder.weights_sha256: "), e.getMessage());
    assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    // The same weights in another folder are the same encoder.
    Path copy = dir.resolve("copy");
    RandomCheckpoint.write(copy, TINY, 5, Safetensors.Dtype.BF16);
    assertEquals(copy.toString(), ((EncoderSpec.Qwen3) HeadExportReader.read(export,
        ReadOptions.strict().withModelDirectory(copy)).spec().encoder()).model());
  }

  @Test
  void anUnknownFormatVersionIsRefused() {
    rejects(json -> json.put("format_version", 3), "head.json: format_version: 3 is not supported");
    rejects(json -> json.put("format", "trinity-head/1"), "head.json: format: a version 1 export");
  }

  @Test
  void aPoolWithoutTheHeadsModelsIsRefusedWithWhatIsMissing() {
    ExportException e = assertThrows(ExportException.class, () -> HeadExportReader.read(hashingExport(),
        ReadOptions.strict().withPool(List.of("sim-a", "sim-x"))));
    assertEquals(dir + "/head.json: models: the pool lacks sim-b, sim-c, which the head was trained to pick "
        + "(the pool has: sim-a, sim-x)", e.getMessage());
  }

  @Test
  void changedPromptsAreRefusedUnlessTheChangeIsAllowed() throws Exception {
    ExportFiles files = edit(hashingExport(), json -> {
      ObjectNode prompts = (ObjectNode) json.get("prompts");
      RolePrompts old = new RolePrompts("trinity-roles/0", "Think.", "Work. ", "Verify.");
      prompts.put("version", old.version()).put("thinker", old.thinker()).put("worker", old.worker())
          .put("verifier", old.verifier()).put("sha256", old.sha256());
    });
    ExportException e = assertThrows(ExportException.class,
        () -> HeadExportReader.read(files, ReadOptions.strict()));
    assertTrue(e.getMessage().startsWith(dir + "/head.json: prompts: the head was trained with role prompts "
        + "trinity-roles/0"), e.getMessage());
    ExportedHead allowed = HeadExportReader.read(files, ReadOptions.strict().allowingPromptChange());
    assertEquals(RolePrompts.CURRENT, allowed.spec().prompts());

    rejects(json -> ((ObjectNode) json.get("prompts")).put("worker", "Work harder. "),
        "head.json: prompts.sha256: the prompts' texts hash to");
  }

  @Test
  void aBlockWithTheWrongShapeIsRefused() throws Exception {
    rejects(json -> {
      ArrayNode shape = (ArrayNode) json.get("head").get("blocks").get(0).get("shape");
      shape.set(1, 16);
    }, "head.json: head.blocks[0]: 'head.weight' [6, 16] where a linear head");
    rejects(json -> ((ObjectNode) json.get("head")).put("dimension", 16), "head.json: head.blocks[0]:");

    // The tensor itself has another shape than the manifest says (with a checksum that fits the new file).
    ByteArrayOutputStream weights = new ByteArrayOutputStream();
    Safetensors.write(Map.of("head.weight", new Safetensors.Tensor(new long[] {32, 6}, new float[6 * 32])), Map.of(),
        weights);
    ExportFiles original = hashingExport();
    ExportFiles swapped = edit(new ExportFiles(original.location(), original.manifest(), weights.toByteArray()),
        json -> ((ObjectNode) json.get("weights")).put("sha256", Digests.sha256(weights.toByteArray())));
    ExportException e = assertThrows(ExportException.class,
        () -> HeadExportReader.read(swapped, ReadOptions.strict()));
    assertEquals(dir + "/head.safetensors: tensor 'head.weight' has shape [32, 6], head.blocks[0].shape in "
        + dir + "/head.json says [6, 32]", e.getMessage());
  }

  @Test
  void damagedWeightsAreRefused() {
    ExportFiles files = hashingExport();
    byte[] weights = files.weights().clone();
    weights[weights.length - 1] ^= 1;
    ExportException e = assertThrows(ExportException.class, () -> HeadExportReader.read(
        new ExportFiles(files.location(), files.manifest(), weights), ReadOptions.strict()));
    assertTrue(e.getMessage().startsWith(dir + "/head.safetensors does not match weights.sha256 in " + dir
        + "/head.json"), e.getMessage());
  }

  @Test
  void unknownMissingAndBadFieldsAreNamed() {
    rejects(json -> ((ObjectNode) json.get("encoder")).put("dimensions", 32),
        "head.json: encoder.dimensions: unknown field; expected one of");
    rejects(json -> ((ObjectNode) json.get("episode")).remove("max_turns"), "head.json: episode.max_turns: missing");
    rejects(json -> ((ObjectNode) json.get("episode")).put("max_turns", 0),
        "head.json: episode.max_turns must be at least 1, got 0");
    rejects(json -> ((ObjectNode) json.get("episode")).put("temperature", "warm"), "head.json: episode.temperature:");
    rejects(json -> ((ObjectNode) json.get("encoder")).put("hash", "murmur3"),
        "head.json: encoder.hash: the head was trained with the hash 'murmur3'");
    rejects(json -> ((ArrayNode) json.get("roles")).remove(0), "head.json: roles: expected [Thinker, Worker, Verifier]");
    rejects(json -> ((ObjectNode) json.get("head")).put("type", "mlp"), "head.json: head.type: unknown head type");
  }

  /** Edits a valid manifest and checks that reading it fails with a message that starts as given. */
  private void rejects(Consumer<ObjectNode> change, String expectedStart) {
    ExportFiles files = edit(hashingExport(), change);
    ExportException e = assertThrows(ExportException.class,
        () -> HeadExportReader.read(files, ReadOptions.strict()));
    assertTrue(e.getMessage().startsWith(dir + "/" + expectedStart), e.getMessage());
  }

  private static ExportFiles edit(ExportFiles files, Consumer<ObjectNode> change) {
    try {
      ObjectNode json = (ObjectNode) JSON.readTree(files.manifest());
      change.accept(json);
      return new ExportFiles(files.location(), JSON.writeValueAsString(json).getBytes(StandardCharsets.UTF_8),
          files.weights());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
