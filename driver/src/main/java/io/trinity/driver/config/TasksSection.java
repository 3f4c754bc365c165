package io.trinity.driver.config;

import java.util.List;

/**
 * Where the tasks come from: {@code bundled: demo} for the demo set shipped in the jar, and/or task files. A
 * seeded, per-category split keeps {@code held_out_fraction} of them for the final comparison, and
 * {@code validation_fraction} of the rest for choosing which optimiser mean to export.
 */
public record TasksSection(String bundled, List<TaskSource> files, Double heldOutFraction,
    Double validationFraction) {
  public TasksSection {
    if (bundled != null && !bundled.equals("demo")) {
      throw new IllegalArgumentException("tasks.bundled must be 'demo', got '" + bundled + "'");
    }
    files = files == null ? List.of() : List.copyOf(files);
    if (bundled == null && files.isEmpty()) {
      throw new IllegalArgumentException("tasks needs 'bundled: demo' or at least one entry in tasks.files");
    }
    heldOutFraction = Checks.within("tasks.held_out_fraction", heldOutFraction, 0.0, 0.9, 0.5);
    validationFraction = Checks.within("tasks.validation_fraction", validationFraction, 0.0, 0.5, 0.0);
  }
}
