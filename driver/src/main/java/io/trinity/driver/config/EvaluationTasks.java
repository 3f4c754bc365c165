package io.trinity.driver.config;

import java.util.List;

/**
 * The questions an evaluation scores: the bundled demo set and/or task files (a training run's
 * {@code held-out.jsonl} is benchmark {@code trinity}), all of them, in file order.
 */
public record EvaluationTasks(String bundled, List<TaskSource> files) {
  public EvaluationTasks {
    if (bundled != null && !bundled.equals("demo")) {
      throw new IllegalArgumentException("tasks.bundled must be 'demo', got '" + bundled + "'");
    }
    files = files == null ? List.of() : List.copyOf(files);
    if (bundled == null && files.isEmpty()) {
      throw new IllegalArgumentException("tasks needs 'bundled: demo' or at least one entry in tasks.files");
    }
  }

  /** As the task loader reads them (nothing is held out: every question is scored). */
  public TasksSection asTasksSection() {
    return new TasksSection(bundled, files, 0.0, 0.0);
  }
}
