package io.trinity.driver.config;

/**
 * Which training-config keys an experiment may set. The seed is the experiment's own ({@code seeds}), and the
 * task set and its held-out fraction decide the held-out questions, which must be the same for every cell of a
 * seed for their comparison to be paired; {@code tasks.validation_fraction} only splits what the held-out part
 * leaves, so it may vary.
 */
final class ExperimentKeys {
  private ExperimentKeys() {}

  static void check(String where, String key) {
    if (key == null || !key.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
      throw new IllegalArgumentException(where + ": '" + key + "' is not a key path of the training config "
          + "(sections and keys joined by dots, such as episode.max_turns)");
    }
    if (key.equals("run.seed") || key.equals("run")) {
      throw new IllegalArgumentException(where + ": " + key + " is set by the experiment's seeds; list them there");
    }
    if ((key.equals("tasks") || key.startsWith("tasks.")) && !key.equals("tasks.validation_fraction")) {
      throw new IllegalArgumentException(where + ": " + key + " would change the held-out questions between cells "
          + "(set the tasks in the base config and the held-out fraction under evaluation.held_out_fraction)");
    }
  }
}
