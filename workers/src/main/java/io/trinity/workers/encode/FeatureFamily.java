package io.trinity.workers.encode;

import java.util.Locale;

/** The families of surface features the hashing encoder can use; each becomes one unit-length block of h. */
public enum FeatureFamily {
  /** Unigrams and bigrams of the prompt's words: they tell tasks apart, and let a head memorise them. */
  WORDS,
  /** Unigrams and bigrams of the prompt's word shapes: what tasks of one kind share. */
  SHAPES,
  /** The conversation so far: turns, roles, models, the latest verdict, and an intercept. */
  STATE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FeatureFamily fromWireName(String name) {
    for (FeatureFamily family : values()) {
      if (family.wireName().equals(name)) {
        return family;
      }
    }
    throw new IllegalArgumentException("unknown feature family '" + name + "'; expected words, shapes or state");
  }
}
