package io.trinity.driver.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.ExperimentAxis;
import io.trinity.driver.config.ExperimentCell;
import io.trinity.driver.config.ExperimentConfig;
import io.trinity.driver.config.TrainingConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An experiment file made into its runs: every cell (the axes' cartesian product, or the listed cells) at every
 * seed, each a training config read from the base config's YAML tree with the shared settings, the held-out
 * fraction, the cell's keys and the seed set on it. Every run's config is read, strictly, before anything trains,
 * so a misspelt key path or a value out of range stops the experiment at once, naming the file, the cell and the
 * key.
 */
public final class ExperimentPlan {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final Path file;
  private final ExperimentConfig config;
  private final List<Cell> cells;
  private final List<RunKey> runs;

  private ExperimentPlan(Path file, ExperimentConfig config, List<Cell> cells, List<RunKey> runs) {
    this.file = file;
    this.config = config;
    this.cells = cells;
    this.runs = runs;
  }

  /** The runs of the experiment in {@code file}, each in its folder under {@code out}. */
  public static ExperimentPlan of(Path file, String out) {
    ExperimentConfig config = ConfigLoader.loadExperiment(file);
    Path base = Path.of(config.base());
    // The base alone first: its own mistakes get its own file and line.
    ConfigLoader.load(base);
    ObjectNode tree = ConfigLoader.readTree(base);
    List<Cell> cells = cells(config, file);
    String root = out.endsWith("/") ? out.substring(0, out.length() - 1) : out;
    List<RunKey> runs = new ArrayList<>();
    // Seed by seed: after each seed every cell has a run on the same questions, so an experiment stopped early
    // still has paired comparisons.
    for (long seed : config.seeds()) {
      for (Cell cell : cells) {
        ObjectNode run = tree.deepCopy();
        String source = file + ": cell " + cell.id() + " (" + base.getFileName() + " with " + describe(cell)
            + ")";
        TrainingConfig training;
        try {
          config.set().forEach((key, value) -> KeyPaths.set(run, key, value, base.toString()));
          if (config.evaluation().heldOutFraction() != null) {
            KeyPaths.set(run, "tasks.held_out_fraction", DoubleNode.valueOf(config.evaluation().heldOutFraction()),
                base.toString());
          }
          cell.settings().forEach((key, value) -> KeyPaths.set(run, key, value, base.toString()));
          KeyPaths.set(run, "run.seed", LongNode.valueOf(seed), base.toString());
          training = ConfigLoader.load(run, source, base.toAbsolutePath().getParent());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(source + ": " + e.getMessage(), e);
        }
        if (training.tasks().heldOutFraction() <= 0) {
          throw new ConfigException(source + ": tasks.held_out_fraction is 0, so the runs would have no held-out "
              + "questions to be compared on; set evaluation.held_out_fraction in " + file);
        }
        runs.add(new RunKey(cell, seed, training, yaml(run), root + "/cells/" + cell.id() + "/seed-" + seed));
      }
    }
    return new ExperimentPlan(file, config, cells, runs);
  }

  public Path file() {
    return file;
  }

  public ExperimentConfig config() {
    return config;
  }

  public List<Cell> cells() {
    return cells;
  }

  List<RunKey> runs() {
    return runs;
  }

  private static List<Cell> cells(ExperimentConfig config, Path file) {
    List<Cell> cells = new ArrayList<>();
    if (!config.cells().isEmpty()) {
      for (ExperimentCell cell : config.cells()) {
        cells.add(new Cell(cell.name(), cell.set()));
      }
      return cells;
    }
    List<Map<String, JsonNode>> product = new ArrayList<>();
    product.add(new LinkedHashMap<>());
    for (ExperimentAxis axis : config.axes()) {
      List<Map<String, JsonNode>> next = new ArrayList<>();
      for (Map<String, JsonNode> partial : product) {
        for (JsonNode value : axis.values()) {
          Map<String, JsonNode> settings = new LinkedHashMap<>(partial);
          settings.put(axis.key(), value);
          next.add(settings);
        }
      }
      product = next;
    }
    Set<String> ids = new HashSet<>();
    for (Map<String, JsonNode> settings : product) {
      String id = config.axes().stream().map(a -> a.name() + "=" + label(settings.get(a.key())))
          .collect(Collectors.joining(","));
      if (!ids.add(id)) {
        throw new ConfigException(file + ": two cells would both be named " + id + " (axis values that read the "
            + "same, or axis names that repeat); give the axes distinct values or names");
      }
      cells.add(new Cell(id, settings));
    }
    return cells;
  }

  /** A value as it reads in a folder name: scalars as written, lists joined by '+', anything else made safe. */
  private static String label(JsonNode value) {
    String text;
    if (value.isArray()) {
      List<String> parts = new ArrayList<>();
      value.forEach(v -> parts.add(v.asText()));
      text = String.join("+", parts);
    } else if (value.isValueNode()) {
      text = value.asText();
    } else {
      text = value.toString();
    }
    return text.isEmpty() ? "empty" : text.replaceAll("[^A-Za-z0-9._+-]", "-");
  }

  private static String describe(Cell cell) {
    return cell.settings().entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  private static String yaml(ObjectNode tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a config tree read from YAML could not be written back", e);
    }
  }
}
