package io.trinity.workers.head;

import java.util.Locale;

/** The heads a coordinator can have, by the names configs and exports use. */
public enum HeadType {
  /** The paper's linear head, {@link LinearHead}. */
  LINEAR,
  /** The paper's low-rank head with an ELU, {@link LowRankHead}. */
  LOW_RANK;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HeadType fromWireName(String name) {
    for (HeadType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown head type '" + name + "'; expected linear or low_rank");
  }
}
