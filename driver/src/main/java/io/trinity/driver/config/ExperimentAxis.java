package io.trinity.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;

/**
 * One axis of an experiment grid: a training-config key path ({@code episode.max_turns}) and the values it takes.
 * {@code name} labels the axis in cell ids; by default the key's last part.
 */
public record ExperimentAxis(String key, String name, List<JsonNode> values) {
  public ExperimentAxis {
    Checks.required("key", key);
    ExperimentKeys.check("axes", key);
    name = name == null ? key.substring(key.lastIndexOf('.') + 1) : name;
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("axis name '" + name + "' may hold only letters, digits, '_', '.' and '-' "
          + "(it becomes part of a folder name)");
    }
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("axis " + key + " needs at least one value under values");
    }
    if (new HashSet<>(values).size() != values.size()) {
      throw new IllegalArgumentException("axis " + key + " lists a value twice: " + values);
    }
    values = List.copyOf(values);
  }
}
