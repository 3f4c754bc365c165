package io.trinity.driver.config;

import java.util.List;

/**
 * The pool file, and optionally which of its models the coordinator chooses from, in the order of the head's
 * model logits (default: all, in file order).
 */
public record PoolSection(String file, List<String> models) {
  public PoolSection {
    Checks.required("pool.file", file);
    models = models == null ? List.of() : List.copyOf(models);
  }
}
