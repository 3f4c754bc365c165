package io.trinity.driver.config;

/** Range checks for configuration values whose messages name the key. */
final class Checks {
  private Checks() {}

  static int atLeast(String key, Integer value, int min, int fallback) {
    int v = value == null ? fallback : value;
    if (v < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  static long atLeast(String key, Long value, long min, long fallback) {
    long v = value == null ? fallback : value;
    if (v < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  static int within(String key, Integer value, int min, int max, int fallback) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  static double within(String key, Double value, double min, double max, double fallback) {
    double v = value == null ? fallback : value;
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], got " + v);
    }
    return v;
  }

  static <T> T required(String key, T value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    return value;
  }
}
