package io.trinity.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code trinity experiment} file, as read from YAML: a base training config, the seeds every cell runs at, the
 * settings every cell shares ({@code set}: training-config key path to value), the held-out comparison's settings,
 * and the cells, either as the cartesian product of {@code axes} or listed in {@code cells}.
 */
public record ExperimentConfig(String base, List<Long> seeds, Map<String, JsonNode> set,
    ExperimentEvaluation evaluation, List<ExperimentAxis> axes, List<ExperimentCell> cells) {
  public ExperimentConfig {
    seeds = seeds == null ? List.of() : seeds;
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new IllegalArgumentException("seeds lists a seed twice: " + seeds);
    }
    seeds = List.copyOf(seeds);
    set = set == null ? Map.of() : new LinkedHashMap<>(set);
    set.keySet().forEach(key -> ExperimentKeys.check("set", key));
    evaluation = evaluation == null ? ExperimentEvaluation.defaults() : evaluation;
    axes = axes == null ? List.of() : List.copyOf(axes);
    cells = cells == null ? List.of() : List.copyOf(cells);
    Set<String> keys = new HashSet<>();
    for (ExperimentAxis axis : axes) {
      if (!keys.add(axis.key())) {
        throw new IllegalArgumentException("axes: the key " + axis.key() + " is given twice");
      }
      if (set.containsKey(axis.key())) {
        throw new IllegalArgumentException("axes: the key " + axis.key() + " is also in set; give it in one place");
      }
    }
    Set<String> names = new HashSet<>();
    for (ExperimentCell cell : cells) {
      if (!names.add(cell.name())) {
        throw new IllegalArgumentException("cells: the name " + cell.name() + " is given twice");
      }
    }
  }

  /**
   * What a file must give. Checked after reading rather than while: the reader builds the record before it
   * reports an unknown key, and a misspelt {@code seeds} should be named as that.
   */
  void checkComplete() {
    if (base == null) {
      throw new IllegalArgumentException("base is required: the training config the cells start from");
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("seeds needs at least one seed (five or more for intervals worth reading)");
    }
    if (axes.isEmpty() == cells.isEmpty()) {
      throw new IllegalArgumentException("give either axes (the cells are their cartesian product) or cells (each "
          + "with a name and its settings), not " + (axes.isEmpty() ? "neither" : "both"));
    }
  }

  /** Settings every cell shares, in the order the file gives them. */
  @Override
  public Map<String, JsonNode> set() {
    return java.util.Collections.unmodifiableMap(set);
  }
}
