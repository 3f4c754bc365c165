package io.trinity.workers.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.encode.qwen3.ChatTemplate;
import io.trinity.workers.encode.qwen3.ModelFingerprint;
import io.trinity.workers.head.ParameterLayout;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a candidate as an export: {@code head.safetensors} holds its named blocks as float32 (the linear head's
 * {@code head.weight} [L + 3, d], or the low-rank head's four blocks, then any {@code svf.*} scales), and
 * {@code head.json} ({@link HeadManifest}) says what they mean and how to rebuild the coordinator.
 */
public final class HeadExportWriter {
  static final String LAYOUT = "logits: rows 0..L-1 are model logits in 'models' order, rows L..L+2 role logits in "
      + "'roles' order; decision = argmax of each group. svf.<tensor> blocks scale that tensor's singular values "
      + "(largest first) in the encoder";

  private HeadExportWriter() {}

  /** The export of {@code candidate}; a Qwen3 encoder's snapshot is hashed, which reads its weights once. */
  public static ExportFiles write(String location, CoordinatorSpec spec, float[] candidate,
      TrainingSummary training) {
    CandidateLayout layout = spec.layout();
    layout.requireLength(candidate);
    ParameterLayout blocks = layout.blocks();
    byte[] weights = weights(blocks.tensors(candidate));
    HeadManifest manifest = new HeadManifest(HeadManifest.FORMAT, HeadManifest.VERSION,
        new HeadManifest.Weights(HeadManifest.WEIGHTS_FILE, Digests.sha256(weights)), spec.modelList(),
        Arrays.stream(Role.values()).map(Role::title).toList(), head(layout, blocks), encoder(spec.encoder()),
        new HeadManifest.PromptsEntry(spec.prompts().version(), spec.prompts().sha256(), spec.prompts().thinker(),
            spec.prompts().worker(), spec.prompts().verifier()),
        new HeadManifest.EpisodeEntry(spec.settings().maxTurns(), spec.settings().temperature(),
            spec.settings().maxTokens(), spec.settings().overrideModelDefaults()),
        training);
    try {
      byte[] json = (ManifestJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n")
          .getBytes(StandardCharsets.UTF_8);
      return new ExportFiles(location, json, weights);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + HeadManifest.FILE, e);
    }
  }

  private static byte[] weights(Map<String, Safetensors.Tensor> tensors) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      Safetensors.write(tensors, Map.of("format", HeadManifest.FORMAT + "/" + HeadManifest.VERSION), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static HeadManifest.HeadEntry head(CandidateLayout layout, ParameterLayout blocks) {
    List<HeadManifest.Block> entries = blocks.blocks().stream()
        .map(b -> new HeadManifest.Block(b.name(), b.shape())).toList();
    return new HeadManifest.HeadEntry(layout.head().wireName(), layout.shape().dimension(),
        layout.rank() > 0 ? layout.rank() : null, entries, LAYOUT);
  }

  private static HeadManifest.EncoderEntry encoder(EncoderSpec spec) {
    if (spec instanceof EncoderSpec.Hashing hashing) {
      return new HeadManifest.EncoderEntry("hashing", hashing.dimension(), List.of(hashing.families()),
          HashingEncoder.HASH, hashing.seed(), null, null, null, null, null, null, null, null, null, null, null,
          null);
    }
    EncoderSpec.Qwen3 qwen3 = (EncoderSpec.Qwen3) spec;
    ModelFingerprint model = ModelFingerprint.of(Path.of(qwen3.model()));
    return new HeadManifest.EncoderEntry("qwen3", null, null, null, null, qwen3.model(), model.name(),
        model.revision(), model.configSha256(), model.weightsSha256(), model.tokenizerSha256(), qwen3.computeType(),
        qwen3.tokenBudget(), qwen3.cacheBytes(), qwen3.maxBatch(), ChatTemplate.VERSION, List.of(qwen3.svf()));
  }
}
