package io.trinity.driver.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads training configs strictly: unknown keys, wrong types and out-of-range values are errors that name the
 * file, the key path and the line. Relative paths inside the file are resolved against the file's folder.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION))
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final Pattern KEY_PATH = Pattern.compile("([a-z_]+(?:\\.[a-z_]+|\\[\\d+])+)");

  private ConfigLoader() {}

  public static TrainingConfig load(Path file) {
    String text = read(file);
    return checkModel(resolvePaths(parse(text, file.toString()), file.toAbsolutePath().getParent()), text,
        file.toString());
  }

  /**
   * A training config given as a YAML tree (an experiment's cell: its base config with keys set), read as strictly
   * as a file. The tree has no lines, so messages name {@code sourceName} and the key; relative paths resolve
   * against {@code folder}.
   */
  public static TrainingConfig load(JsonNode tree, String sourceName, Path folder) {
    TrainingConfig config = parse(() -> YAML.readValue(YAML.treeAsTokens(tree), TrainingConfig.class), "",
        sourceName);
    return checkModel(resolvePaths(config, folder), "", sourceName);
  }

  /** A YAML file as a tree, with the strictness of the config readers (a key given twice is an error). */
  public static ObjectNode readTree(Path file) {
    String text = read(file);
    try {
      JsonNode tree = YAML.readTree(text);
      if (tree instanceof ObjectNode object) {
        return object;
      }
      throw new ConfigException(file + ": expected a mapping of sections (run:, tasks:, ...), found "
          + (tree == null || tree.isMissingNode() ? "an empty file" : tree.getNodeType().toString().toLowerCase()));
    } catch (JsonProcessingException e) {
      throw new ConfigException(file + at(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
  }

  /** Reads a {@code trinity experiment} file, as strictly as a training config; its base path is made absolute. */
  public static ExperimentConfig loadExperiment(Path file) {
    ExperimentConfig config = parse(read(file), file.toString(), ExperimentConfig.class);
    try {
      config.checkComplete();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(file + ": " + e.getMessage(), e);
    }
    return new ExperimentConfig(resolve(config.base(), file.toAbsolutePath().getParent()), config.seeds(),
        config.set(), config.evaluation(), config.axes(), config.cells());
  }

  private static TrainingConfig checkModel(TrainingConfig config, String text, String sourceName) {
    if (config.encoder().isQwen3()) {
      // Only config.json is read here: a bad model folder fails now, not when the executors first encode.
      try {
        config.encoder().modelConfig();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(sourceName + lineOf(text, e.getMessage()) + ": " + e.getMessage(), e);
      }
    }
    return config;
  }

  /** Reads a {@code trinity evaluate} config, as strictly as a training config. */
  public static EvaluationConfig loadEvaluation(Path file) {
    String text = read(file);
    EvaluationConfig config = parse(text, file.toString(), EvaluationConfig.class);
    Path base = file.toAbsolutePath().getParent();
    List<HeadSource> heads = new ArrayList<>();
    for (HeadSource head : config.heads()) {
      heads.add(new HeadSource(resolve(head.path(), base), head.name(),
          head.model() == null ? null : resolve(head.model(), base), head.allowPromptChange()));
    }
    List<TaskSource> files = new ArrayList<>();
    for (TaskSource source : config.tasks().files()) {
      files.add(new TaskSource(source.benchmark(), resolve(source.path(), base)));
    }
    return new EvaluationConfig(heads, new EvaluationTasks(config.tasks().bundled(), files),
        config.pool().withFile(resolve(config.pool().file(), base)), config.baselines(),
        config.episode(), config.statistics(), config.gateway(), config.spark(), config.chunkQuestions(),
        config.sandbox());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
  }

  public static TrainingConfig parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, TrainingConfig.class);
  }

  static <T> T parse(String yaml, String sourceName, Class<T> type) {
    return parse(() -> YAML.readValue(yaml, type), yaml, sourceName);
  }

  /** How a config is read: from text or from a tree. */
  private interface Reading<T> {
    T read() throws IOException;
  }

  /** {@code yaml} is the text read, for finding lines; empty for a tree, which has none. */
  private static <T> T parse(Reading<T> reading, String yaml, String sourceName) {
    try {
      T config = reading.read();
      if (config == null) {
        throw new ConfigException(sourceName + ": the file is empty");
      }
      return config;
    } catch (UnrecognizedPropertyException e) {
      String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
          .map(Object::toString).sorted().collect(Collectors.joining(", "));
      throw new ConfigException(sourceName + keyLine(yaml, e) + ": unknown key '" + keyPath(e)
          + "'; expected one of: " + known, e);
    } catch (JsonMappingException e) {
      String message = rootMessage(e);
      String line = lineOf(yaml, message);
      throw new ConfigException(sourceName + (line.isEmpty() ? at(e.getLocation()) : line) + ": bad value for '"
          + keyPath(e) + "': " + message, e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(sourceName + at(e.getLocation()) + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigException(sourceName + ": " + e.getMessage(), e);
    }
  }

  private static TrainingConfig resolvePaths(TrainingConfig config, Path base) {
    List<TaskSource> files = new ArrayList<>();
    for (TaskSource source : config.tasks().files()) {
      files.add(new TaskSource(source.benchmark(), resolve(source.path(), base)));
    }
    TasksSection tasks = new TasksSection(config.tasks().bundled(), files, config.tasks().heldOutFraction(),
        config.tasks().validationFraction());
    PoolSection pool = config.pool().withFile(resolve(config.pool().file(), base));
    EncoderSection encoder = config.encoder().isQwen3()
        ? config.encoder().withModel(resolve(config.encoder().model(), base)) : config.encoder();
    return new TrainingConfig(config.run(), tasks, encoder, config.episode(), pool, config.gateway(),
        config.spark(), config.sandbox(), config.optimiser());
  }

  /** Keeps URIs (hdfs://, s3a://, file:/) as they are and makes plain relative paths absolute. */
  static String resolve(String path, Path base) {
    if (path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || base == null) {
      return path;
    }
    return base.resolve(path).normalize().toString();
  }

  private static String keyPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * The line of an unknown key. Jackson stands on the key's value when it notices, which may be on a later line
   * (a nested mapping), so walk back from there to the line that names the key.
   */
  private static String keyLine(String yaml, UnrecognizedPropertyException e) {
    JsonLocation location = e.getProcessor() instanceof JsonParser parser ? parser.getTokenLocation()
        : e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    String[] lines = yaml.split("\n", -1);
    String key = String.valueOf(e.getPropertyName());
    for (int line = Math.min(location.getLineNr(), lines.length); line >= 1; line--) {
      String text = lines[line - 1].stripLeading();
      if (text.startsWith(key + ":") || text.startsWith("- " + key + ":") || text.contains(" " + key + ":")
          || text.contains("{" + key + ":")) {
        return ":" + line;
      }
    }
    return at(location);
  }

  /**
   * The line of the key a section's own check complains about: its messages start with the key path
   * ({@code encoder.features[1]: ...}, {@code encoder.model is required ...}). Jackson only knows where the
   * section ends, so find the path's keys line by line, each indented below the one before. Empty if not found.
   */
  static String lineOf(String yaml, String message) {
    Matcher key = KEY_PATH.matcher(message == null ? "" : message);
    if (!key.lookingAt()) {
      return "";
    }
    String[] lines = yaml.split("\n", -1);
    int from = 0;
    int indent = -1;
    int found = -1;
    for (String segment : key.group(1).replaceAll("\\[\\d+]", "").split("\\.")) {
      found = -1;
      for (int i = from; i < lines.length; i++) {
        String text = lines[i].stripLeading();
        int here = lines[i].length() - text.length();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        if (here <= indent) {
          break;
        }
        if (text.startsWith(segment + ":")) {
          found = i;
          indent = here;
          from = i + 1;
          break;
        }
      }
      if (found < 0) {
        return "";
      }
    }
    return ":" + (found + 1);
  }

  private static String at(JsonLocation location) {
    return location == null || location.getLineNr() < 0 ? "" : ":" + location.getLineNr();
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root instanceof JsonProcessingException j ? j.getOriginalMessage() : root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
