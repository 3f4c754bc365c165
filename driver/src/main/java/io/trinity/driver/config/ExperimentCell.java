package io.trinity.driver.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A cell of an experiment listed by hand: its name (a folder name) and its settings (key path to value). */
public record ExperimentCell(String name, Map<String, JsonNode> set) {
  public ExperimentCell {
    Checks.required("name", name);
    if (!name.matches("[A-Za-z0-9_.=,+-]+")) {
      throw new IllegalArgumentException("cell name '" + name + "' may hold only letters, digits and _ . = , + - "
          + "(it names the cell's folder)");
    }
    if (set == null || set.isEmpty()) {
      throw new IllegalArgumentException("cell " + name + " needs its settings under set (key path: value)");
    }
    set.keySet().forEach(key -> ExperimentKeys.check("cells", key));
    set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
  }
}
