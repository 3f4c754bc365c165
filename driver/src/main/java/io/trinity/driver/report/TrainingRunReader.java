package io.trinity.driver.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.io.RunDirectory;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a training run directory for its report: {@code metrics.jsonl} (required), and {@code checkpoint.json} and
 * {@code head.json} for the header where present. The files are read as JSON trees rather than through the
 * training job's records: a report must open runs of older builds (fields missing) and newer ones (fields it does
 * not know), and it must not tie this package to the training loop's classes. A field of the wrong type is an
 * error naming the file, the line and the key.
 */
public final class TrainingRunReader {
  public static final String METRICS = "metrics.jsonl";
  static final String CHECKPOINT = "checkpoint.json";
  static final String HEAD = "head.json";
  /** What {@code trinity experiment} writes at the top of its folder; told apart for a clearer error. */
  static final String EXPERIMENT_SUMMARY = "summary.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingRunReader() {}

  /** The run at {@code location} (a local path or any Hadoop FileSystem URI). */
  public static TrainingRun read(String location, Configuration hadoop) {
    RunDirectory run;
    try {
      run = RunDirectory.existing(location, hadoop);
    } catch (UncheckedIOException e) {
      throw new ConfigException(location + " is not a readable folder: expected a training run directory "
          + "holding " + METRICS + " (written by trinity train and trinity demo)", e);
    }
    if (!run.exists(METRICS)) {
      throw new ConfigException(run.exists(EXPERIMENT_SUMMARY)
          ? run.location() + " holds an experiment's " + EXPERIMENT_SUMMARY + ", not a training run: trinity report "
              + "expects a training run directory holding " + METRICS + " (one of the experiment's cells)"
          : run.location() + " holds no " + METRICS + ": trinity report expects a training run directory (written "
              + "by trinity train and trinity demo)");
    }
    List<GenerationPoint> generations = metrics(run);
    if (generations.isEmpty()) {
      throw new ConfigException(run.location() + "/" + METRICS + " holds no generation yet: nothing to report");
    }
    JsonNode checkpoint = optionalJson(run, CHECKPOINT);
    JsonNode head = optionalJson(run, HEAD);
    String runId = firstText(checkpoint.path("run_id"), head.path("training").path("run_id"));
    return new TrainingRun(run.location(), runId, summary(run, generations, checkpoint, head), generations);
  }

  private static List<GenerationPoint> metrics(RunDirectory run) {
    List<GenerationPoint> points = new ArrayList<>();
    String[] lines = run.readString(METRICS).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      Line line = new Line(run.location() + "/" + METRICS + " line " + (i + 1));
      JsonNode node;
      try {
        node = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        throw new ConfigException(line.where + " is not JSON: " + e.getOriginalMessage(), e);
      }
      if (!node.isObject()) {
        throw new ConfigException(line.where + ": expected a JSON object, one generation a line");
      }
      JsonNode generation = node.get("generation");
      if (generation == null || !generation.canConvertToInt() || !generation.isIntegralNumber()) {
        throw new ConfigException(line.where + ": key 'generation' must be an integer");
      }
      JsonNode byCategory = node.get("selections_by_category");
      Map<String, Map<String, Integer>> models = null;
      Map<String, Map<String, Integer>> roles = null;
      if (byCategory != null && !byCategory.isNull()) {
        if (!byCategory.isObject()) {
          throw new ConfigException(line.where + ": key 'selections_by_category' must be an object of categories");
        }
        models = new LinkedHashMap<>();
        roles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = byCategory.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> category = it.next();
          String key = "selections_by_category." + category.getKey();
          models.put(category.getKey(), line.counts(category.getValue().get("models"), key + ".models", true));
          roles.put(category.getKey(), line.counts(category.getValue().get("roles"), key + ".roles", true));
        }
      }
      points.add(new GenerationPoint(generation.intValue(), line.number(node, "best_fitness"),
          line.number(node, "mean_fitness"), line.number(node, "median_fitness"),
          line.number(node, "mean_head_fitness"), line.number(node, "validation_score"), line.number(node, "sigma"),
          line.whole(node, "llm_calls"), line.number(node, "cost_usd"),
          line.counts(node.get("model_choices"), "model_choices", false),
          line.counts(node.get("role_choices"), "role_choices", false), models, roles));
    }
    return points;
  }

  /** One line's fields, with where it is for the errors. */
  private record Line(String where) {
    Double number(JsonNode node, String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isNumber()) {
        throw new ConfigException(where + ": key '" + key + "' must be a number, not " + value);
      }
      return value.doubleValue();
    }

    Long whole(JsonNode node, String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw new ConfigException(where + ": key '" + key + "' must be an integer, not " + value);
      }
      return value.longValue();
    }

    /** A map of names to counts; absent is null unless {@code required}. */
    Map<String, Integer> counts(JsonNode value, String key, boolean required) {
      if (value == null || value.isNull()) {
        if (required) {
          throw new ConfigException(where + ": key '" + key + "' is missing (expected an object of counts)");
        }
        return null;
      }
      if (!value.isObject()) {
        throw new ConfigException(where + ": key '" + key + "' must be an object of counts, not " + value);
      }
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        JsonNode count = entry.getValue();
        if (!count.isIntegralNumber() || !count.canConvertToInt() || count.intValue() < 0) {
          throw new ConfigException(where + ": key '" + key + "." + entry.getKey()
              + "' must be a count (an integer >= 0), not " + count);
        }
        counts.put(entry.getKey(), count.intValue());
      }
      return counts;
    }
  }

  /** The file's JSON, or a missing node when the run has none (a run that never finished has no head.json). */
  private static JsonNode optionalJson(RunDirectory run, String name) {
    if (!run.exists(name)) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(run.readString(name));
    } catch (JsonProcessingException e) {
      throw new ConfigException(run.location() + "/" + name + " is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The header's rows: what the run was (from the checkpoint and the export) and how far it got. A row whose source
   * is missing is left out; a checkpoint of another optimiser shows its type when it names one.
   */
  private static Map<String, String> summary(RunDirectory run, List<GenerationPoint> generations,
      JsonNode checkpoint, JsonNode head) {
    Map<String, String> rows = new LinkedHashMap<>();
    rows.put("run directory", run.location());
    put(rows, "run id", firstText(checkpoint.path("run_id"), head.path("training").path("run_id")));
    put(rows, "seed", firstText(checkpoint.path("seed"), head.path("training").path("seed")));
    put(rows, "pool models", joined(checkpoint.has("models") ? checkpoint.path("models") : head.path("models")));
    rows.put("generations in " + METRICS, generations.size() + " (" + generations.get(0).generation() + " to "
        + generations.get(generations.size() - 1).generation() + ")");
    // Format 2 checkpoints name the optimiser and nest its state; format 1 held sep-CMA-ES's state in "optimizer".
    JsonNode named = checkpoint.path("optimiser");
    JsonNode state = named.isObject() ? named.path("state") : checkpoint.path("optimizer");
    put(rows, "optimiser", optimiser(state, text(named.path("type"))));
    put(rows, "population", firstText(state.path("config").path("population_size"),
        head.path("training").path("population")));
    put(rows, "tasks per generation", text(head.path("training").path("tasks_per_generation")));
    put(rows, "parameters", text(checkpoint.path("parameter_count")));
    JsonNode encoder = head.path("encoder");
    if (encoder.isObject()) {
      put(rows, "encoder", described(encoder, "type", "dimension", "features", "model"));
    }
    JsonNode headShape = head.path("head");
    if (headShape.isObject()) {
      put(rows, "head", described(headShape, "type", "dimension", "rank"));
    }
    JsonNode episode = head.path("episode");
    if (episode.isObject()) {
      put(rows, "episode", described(episode, "max_turns", "temperature", "max_tokens"));
    }
    JsonNode training = head.path("training");
    if (training.isObject()) {
      String selected = text(training.path("selected"));
      String score = training.path("validation_score").isNumber()
          ? String.format(Locale.ROOT, " (validation %.3f)", training.path("validation_score").doubleValue()) : "";
      put(rows, "exported head", selected == null ? null : selected + score);
    }
    JsonNode spent = checkpoint.path("spent");
    if (spent.isObject()) {
      rows.put("spent", String.format(Locale.ROOT, "%,d LLM calls, %,d tokens, $%.4f (simulated for sim models)",
          spent.path("calls").asLong(), spent.path("prompt_tokens").asLong() + spent.path("completion_tokens")
              .asLong(), spent.path("cost_usd").asDouble()));
    }
    if (checkpoint.path("wall_seconds").isNumber()) {
      rows.put("wall time", String.format(Locale.ROOT, "%.1f s", checkpoint.path("wall_seconds").doubleValue()));
    }
    String commit = text(training.path("git_commit"));
    if (commit != null) {
      rows.put("code", commit + (training.path("git_dirty").asBoolean(false) ? " (uncommitted changes)" : ""));
    }
    return rows;
  }

  /** The optimiser's name and settings: its {@code type} where the state names one, else sep-CMA-ES's config. */
  private static String optimiser(JsonNode state, String named) {
    if (!state.isObject()) {
      return named;
    }
    String type = named != null ? named : text(state.path("type"));
    JsonNode config = state.path("config");
    if (type == null && config.has("population_size")) {
      type = "sep-CMA-ES";
    }
    if (type == null) {
      return null;
    }
    String settings = config.isObject() ? described(config, "parents", "sigma0", "weighting", "constants",
        "mirrored") : "";
    return settings.isEmpty() ? type : type + ": " + settings;
  }

  private static String described(JsonNode node, String... keys) {
    StringJoiner out = new StringJoiner(", ");
    for (String key : keys) {
      JsonNode value = node.path(key);
      String shown = value.isArray() ? joined(value) : text(value);
      if (shown != null) {
        out.add(key.replace('_', ' ') + " " + shown);
      }
    }
    return out.toString();
  }

  private static String joined(JsonNode array) {
    if (!array.isArray() || array.isEmpty()) {
      return null;
    }
    StringJoiner out = new StringJoiner(", ");
    array.forEach(item -> out.add(item.asText()));
    return out.toString();
  }

  private static String firstText(JsonNode... nodes) {
    for (JsonNode node : nodes) {
      String text = text(node);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String text(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() || node.isContainerNode() ? null : node.asText();
  }

  private static void put(Map<String, String> rows, String label, String value) {
    if (value != null && !value.isEmpty()) {
      rows.put(label, value);
    }
  }
}
