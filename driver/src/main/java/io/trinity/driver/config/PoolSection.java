package io.trinity.driver.config;

import java.util.List;

/**
 * The pool file, and optionally which of its models the coordinator chooses from, in the order of the head's
 * model logits (default: all, in file order). {@code preflight} (default true) checks each of those models with
 * one tiny call before the job's first episode, and stops the job when any has a problem.
 */
public record PoolSection(String file, List<String> models, Boolean preflight) {
  public PoolSection {
    Checks.required("pool.file", file);
    models = models == null ? List.of() : List.copyOf(models);
    preflight = preflight == null || preflight;
  }

  public PoolSection(String file, List<String> models) {
    this(file, models, null);
  }

  /** The same section without the check before the job ({@code --skip-pool-check}). */
  public PoolSection withoutPreflight() {
    return new PoolSection(file, models, false);
  }

  /** The same section with another file (a path resolved against the config's folder). */
  public PoolSection withFile(String file) {
    return new PoolSection(file, models, preflight);
  }
}
