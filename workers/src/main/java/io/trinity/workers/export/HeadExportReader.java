package io.trinity.workers.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.FeatureFamily;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.encode.qwen3.ChatTemplate;
import io.trinity.workers.encode.qwen3.CheckpointException;
import io.trinity.workers.encode.qwen3.ModelFingerprint;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.head.ParameterLayout;
import io.trinity.workers.head.Safetensors;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an export back into the coordinator it was trained as, checking everything on the way: the format and
 * version, every field of {@code head.json}, the weights' checksum, every block's name and shape against the head
 * the manifest describes, the encoder (a Qwen3 snapshot's files hash to the recorded checksums, a hashing encoder
 * uses this build's hash), the pool (it offers every model the head picks from), and the role prompts (this build
 * plays the ones the head was trained with, unless {@link ReadOptions#allowPromptChange()}). Every error names the
 * file and the field.
 */
public final class HeadExportReader {
  private static final Logger LOG = LoggerFactory.getLogger(HeadExportReader.class);

  private final ExportFiles files;
  private final ReadOptions options;
  private final String manifestName;
  private final String weightsName;

  private HeadExportReader(ExportFiles files, ReadOptions options) {
    this.files = files;
    this.options = options;
    this.manifestName = files.location() + "/" + HeadManifest.FILE;
    this.weightsName = files.location() + "/" + HeadManifest.WEIGHTS_FILE;
  }

  /** Reads and checks the export in a local folder. */
  public static ExportedHead read(Path directory, ReadOptions options) {
    return read(ExportFiles.read(directory), options);
  }

  public static ExportedHead read(ExportFiles files, ReadOptions options) {
    return new HeadExportReader(files, options).read();
  }

  private ExportedHead read() {
    HeadManifest manifest = parse();
    checkWeightsDigest(manifest.weights());
    List<String> models = models(manifest);
    checkRoles(manifest.roles());
    CandidateLayout layout = layout(manifest.head(), models.size());
    float[] candidate = candidate(layout, manifest.head());
    EncoderSpec encoder = encoder(manifest.encoder(), layout);
    RolePrompts prompts = prompts(manifest.prompts());
    EpisodeSettings settings = settings(manifest.episode());
    CoordinatorSpec spec = new CoordinatorSpec(models.toArray(String[]::new), encoder, layout, prompts, settings);
    return new ExportedHead(files.location(), manifest, spec, candidate);
  }

  private HeadManifest parse() {
    JsonNode tree;
    try {
      tree = ManifestJson.MAPPER.readTree(files.manifest());
    } catch (JsonProcessingException e) {
      throw error("not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw error("cannot be read: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw error("expected a JSON object");
    }
    // The version decides which fields exist, so it is checked before the fields are.
    String format = tree.path("format").asText(null);
    if (format != null && format.equals(HeadManifest.FORMAT + "/1")) {
      throw error("format: a version 1 export ('" + format + "'), which does not hold what is needed to rebuild its "
          + "coordinator (encoder checksums, prompts, episode settings); this build reads " + HeadManifest.FORMAT
          + " version " + HeadManifest.VERSION);
    }
    if (!HeadManifest.FORMAT.equals(format)) {
      throw error("format: expected '" + HeadManifest.FORMAT + "', got " + tree.path("format"));
    }
    JsonNode version = tree.path("format_version");
    if (!version.isInt() || version.intValue() != HeadManifest.VERSION) {
      throw error("format_version: " + version + " is not supported; this build reads " + HeadManifest.FORMAT
          + " version " + HeadManifest.VERSION);
    }
    try {
      return ManifestJson.MAPPER.treeToValue(tree, HeadManifest.class);
    } catch (UnrecognizedPropertyException e) {
      throw error(path(e) + ": unknown field; expected one of " + e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", ")));
    } catch (JsonMappingException e) {
      throw error(path(e) + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw error(e.getOriginalMessage());
    }
  }

  private void checkWeightsDigest(HeadManifest.Weights weights) {
    required(weights, "weights");
    if (!HeadManifest.WEIGHTS_FILE.equals(weights.file())) {
      throw error("weights.file: expected '" + HeadManifest.WEIGHTS_FILE + "', got '" + weights.file() + "'");
    }
    String actual = Digests.sha256(files.weights());
    if (!actual.equals(required(weights.sha256(), "weights.sha256"))) {
      throw new ExportException(weightsName + " does not match weights.sha256 in " + manifestName + ": the file "
          + "hashes to " + actual + ", the manifest says " + weights.sha256() + " (a damaged or replaced file)");
    }
  }

  private List<String> models(HeadManifest manifest) {
    List<String> models = required(manifest.models(), "models");
    if (models.isEmpty() || models.stream().anyMatch(m -> m == null || m.isBlank())) {
      throw error("models: expected the pool models' names, got " + models);
    }
    if (new HashSet<>(models).size() != models.size()) {
      throw error("models: a model is listed twice in " + models);
    }
    if (options.poolModels() != null) {
      List<String> missing = models.stream().filter(m -> !options.poolModels().contains(m)).toList();
      if (!missing.isEmpty()) {
        throw error("models: the pool lacks " + String.join(", ", missing) + ", which the head was trained to "
            + "pick (the pool has: " + String.join(", ", options.poolModels()) + ")");
      }
    }
    return models;
  }

  private void checkRoles(List<String> roles) {
    List<String> expected = Arrays.stream(Role.values()).map(Role::title).toList();
    if (!expected.equals(required(roles, "roles"))) {
      throw error("roles: expected " + expected + " (the order of the role logits), got " + roles);
    }
  }

  private CandidateLayout layout(HeadManifest.HeadEntry head, int models) {
    required(head, "head");
    HeadType type;
    try {
      type = HeadType.fromWireName(required(head.type(), "head.type"));
    } catch (IllegalArgumentException e) {
      throw error("head.type: " + e.getMessage());
    }
    int dimension = required(head.dimension(), "head.dimension");
    if (dimension < 1) {
      throw error("head.dimension: expected a positive length, got " + dimension);
    }
    int rank = 0;
    if (type == HeadType.LOW_RANK) {
      rank = required(head.rank(), "head.rank");
      if (rank < 1) {
        throw error("head.rank: expected a positive rank, got " + rank);
      }
    } else if (head.rank() != null) {
      throw error("head.rank: only a low_rank head has a rank");
    }
    List<HeadManifest.Block> blocks = required(head.blocks(), "head.blocks");
    List<String> svfTargets = new ArrayList<>();
    List<Integer> svfRanks = new ArrayList<>();
    for (int i = 0; i < blocks.size(); i++) {
      HeadManifest.Block block = required(blocks.get(i), "head.blocks[" + i + "]");
      String name = required(block.name(), "head.blocks[" + i + "].name");
      if (name.startsWith(CandidateLayout.SVF_PREFIX)) {
        long[] shape = required(block.shape(), "head.blocks[" + i + "].shape");
        if (shape.length != 1 || shape[0] < 1 || shape[0] > Integer.MAX_VALUE) {
          throw error("head.blocks[" + i + "].shape: an SVF block holds one scale per singular value, got "
              + Arrays.toString(shape));
        }
        svfTargets.add(name.substring(CandidateLayout.SVF_PREFIX.length()));
        svfRanks.add((int) shape[0]);
      }
    }
    CandidateLayout layout = new CandidateLayout(new HeadShape(dimension, models), type, rank,
        svfTargets.toArray(String[]::new), svfRanks.stream().mapToInt(Integer::intValue).toArray());
    List<ParameterLayout.Block> expected = layout.blocks().blocks();
    if (expected.size() != blocks.size()) {
      throw error("head.blocks: a " + layout + " has the blocks " + layout.blocks().names() + ", the manifest lists "
          + blocks.stream().map(HeadManifest.Block::name).toList());
    }
    for (int i = 0; i < expected.size(); i++) {
      HeadManifest.Block block = blocks.get(i);
      if (!expected.get(i).name().equals(block.name()) || !Arrays.equals(expected.get(i).shape(), block.shape())) {
        throw error("head.blocks[" + i + "]: '" + block.name() + "' " + Arrays.toString(block.shape())
            + " where a " + layout + " has '" + expected.get(i).name() + "' "
            + Arrays.toString(expected.get(i).shape()));
      }
    }
    return layout;
  }

  private float[] candidate(CandidateLayout layout, HeadManifest.HeadEntry head) {
    Safetensors.Contents contents;
    try {
      contents = Safetensors.readF32(files.weights(), weightsName);
    } catch (IllegalArgumentException e) {
      throw new ExportException(e.getMessage(), e);
    }
    Map<String, Safetensors.Tensor> tensors = contents.tensors();
    for (int i = 0; i < head.blocks().size(); i++) {
      HeadManifest.Block block = head.blocks().get(i);
      Safetensors.Tensor tensor = tensors.get(block.name());
      if (tensor == null) {
        throw new ExportException(weightsName + " has no tensor '" + block.name() + "', which head.blocks[" + i
            + "] in " + manifestName + " lists (it has " + tensors.keySet() + ")");
      }
      if (!Arrays.equals(tensor.shape(), block.shape())) {
        throw new ExportException(weightsName + ": tensor '" + block.name() + "' has shape "
            + Arrays.toString(tensor.shape()) + ", head.blocks[" + i + "].shape in " + manifestName + " says "
            + Arrays.toString(block.shape()));
      }
    }
    if (tensors.size() != head.blocks().size()) {
      List<String> extra = new ArrayList<>(tensors.keySet());
      extra.removeAll(layout.blocks().names());
      throw new ExportException(weightsName + " holds tensors " + extra + " that head.blocks in " + manifestName
          + " does not list");
    }
    return layout.blocks().flatten(tensors);
  }

  private EncoderSpec encoder(HeadManifest.EncoderEntry entry, CandidateLayout layout) {
    required(entry, "encoder");
    String type = required(entry.type(), "encoder.type");
    return switch (type) {
      case "hashing" -> hashing(entry, layout);
      case "qwen3" -> qwen3(entry, layout);
      default -> throw error("encoder.type: expected 'hashing' or 'qwen3', got '" + type + "'");
    };
  }

  private EncoderSpec.Hashing hashing(HeadManifest.EncoderEntry entry, CandidateLayout layout) {
    int dimension = required(entry.dimension(), "encoder.dimension");
    if (dimension != layout.shape().dimension()) {
      throw error("encoder.dimension: " + dimension + ", but head.dimension is " + layout.shape().dimension());
    }
    if (!HashingEncoder.HASH.equals(entry.hash())) {
      throw error("encoder.hash: the head was trained with the hash '" + entry.hash() + "', this build has '"
          + HashingEncoder.HASH + "'");
    }
    List<String> features = required(entry.features(), "encoder.features");
    for (int i = 0; i < features.size(); i++) {
      try {
        FeatureFamily.fromWireName(features.get(i));
      } catch (IllegalArgumentException e) {
        throw error("encoder.features[" + i + "]: " + e.getMessage());
      }
    }
    if (features.isEmpty()) {
      throw error("encoder.features: expected at least one feature family");
    }
    if (entry.model() != null || entry.weightsSha256() != null || entry.chatTemplate() != null) {
      // Fields of the other encoder are a sign of a hand-edited or damaged manifest.
      throw error("encoder: model, weights_sha256 and chat_template are for encoder.type qwen3, not hashing");
    }
    return new EncoderSpec.Hashing(dimension, features.toArray(String[]::new),
        required(entry.seed(), "encoder.seed"));
  }

  private EncoderSpec.Qwen3 qwen3(HeadManifest.EncoderEntry entry, CandidateLayout layout) {
    String trainedAt = required(entry.model(), "encoder.model");
    String chatTemplate = required(entry.chatTemplate(), "encoder.chat_template");
    if (!ChatTemplate.VERSION.equals(chatTemplate)) {
      throw error("encoder.chat_template: the head read transcripts laid out and tokenized as '" + chatTemplate
          + "', this build encodes them as '" + ChatTemplate.VERSION + "'");
    }
    List<String> svf = required(entry.svf(), "encoder.svf");
    if (!svf.equals(layout.svfTargetList())) {
      throw error("encoder.svf: " + svf + ", but head.blocks scale " + layout.svfTargetList());
    }
    Path directory = options.modelDirectory() != null ? options.modelDirectory() : Path.of(trainedAt);
    ModelFingerprint actual;
    try {
      actual = ModelFingerprint.of(directory);
    } catch (CheckpointException e) {
      throw error("encoder.model: " + e.getMessage() + (options.modelDirectory() == null
          ? " (the folder the head was trained with; give this machine's copy of the snapshot instead)" : ""));
    }
    checkDigest("encoder.config_sha256", entry.configSha256(), actual.configSha256(), directory, "config.json");
    checkDigest("encoder.weights_sha256", entry.weightsSha256(), actual.weightsSha256(), directory, "weights");
    checkDigest("encoder.tokenizer_sha256", entry.tokenizerSha256(), actual.tokenizerSha256(), directory,
        "tokenizer.json");
    return new EncoderSpec.Qwen3(directory.toString(), required(entry.computeType(), "encoder.compute_type"),
        required(entry.tokenBudget(), "encoder.token_budget"), required(entry.cacheBytes(), "encoder.cache_bytes"),
        required(entry.maxBatch(), "encoder.max_batch"), svf.toArray(String[]::new));
  }

  private void checkDigest(String field, String recorded, String actual, Path directory, String what) {
    if (!actual.equals(required(recorded, field))) {
      throw error(field + ": the head was trained on a snapshot whose " + what + " hashes to " + recorded + ", but "
          + directory + " has " + actual + " (another model, revision or tokenizer)");
    }
  }

  private RolePrompts prompts(HeadManifest.PromptsEntry entry) {
    required(entry, "prompts");
    RolePrompts trained = new RolePrompts(required(entry.version(), "prompts.version"),
        required(entry.thinker(), "prompts.thinker"), required(entry.worker(), "prompts.worker"),
        required(entry.verifier(), "prompts.verifier"));
    if (!trained.sha256().equals(required(entry.sha256(), "prompts.sha256"))) {
      throw error("prompts.sha256: the prompts' texts hash to " + trained.sha256() + ", the manifest says "
          + entry.sha256() + " (edited by hand?)");
    }
    RolePrompts current = RolePrompts.CURRENT;
    if (trained.sameTexts(current)) {
      return current;
    }
    String change = "the head was trained with role prompts " + trained.version() + " (sha256 " + trained.sha256()
        + "), this build plays " + current.version() + " (sha256 " + current.sha256() + ")";
    if (!options.allowPromptChange()) {
      throw error("prompts: " + change + "; allow the change explicitly to play it with this build's prompts");
    }
    LOG.warn("{}: {}; playing it with this build's prompts as asked", manifestName, change);
    return current;
  }

  private EpisodeSettings settings(HeadManifest.EpisodeEntry entry) {
    required(entry, "episode");
    try {
      return new EpisodeSettings(required(entry.maxTurns(), "episode.max_turns"),
          required(entry.temperature(), "episode.temperature"), required(entry.maxTokens(), "episode.max_tokens"),
          Boolean.TRUE.equals(entry.overrideModelDefaults()));
    } catch (IllegalArgumentException e) {
      throw error("episode." + e.getMessage());
    }
  }

  private <T> T required(T value, String field) {
    if (value == null) {
      throw error(field + ": missing");
    }
    return value;
  }

  private ExportException error(String message) {
    return new ExportException(manifestName + ": " + message);
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() > 0 ? "." : "").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return Objects.toString(path.length() == 0 ? null : path, "(top level)");
  }
}
