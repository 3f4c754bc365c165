package io.trinity.driver.config;

import io.trinity.gateway.pool.PoolConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The models the coordinator chooses from, in head order, checked against the pool file. */
public final class PoolModels {
  private PoolModels() {}

  public static List<String> select(PoolConfig pool, PoolSection section) {
    List<String> defined = pool.modelNames();
    if (section.models().isEmpty()) {
      return defined;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < section.models().size(); i++) {
      String name = section.models().get(i);
      if (!defined.contains(name)) {
        throw new ConfigException("pool.models[" + i + "]: model '" + name + "' is not defined in "
            + section.file() + " (defined: " + String.join(", ", defined) + ")");
      }
      if (!seen.add(name)) {
        throw new ConfigException("pool.models[" + i + "]: model '" + name + "' is listed twice");
      }
    }
    return section.models();
  }
}
