package io.trinity.driver.config;

/** The coordinator's encoder; for now the feature-hashing encoder of {@code dimension} buckets. */
public record EncoderSection(String type, Integer dimension) {
  public EncoderSection {
    type = type == null ? "hashing" : type;
    if (!type.equals("hashing")) {
      throw new IllegalArgumentException("encoder.type must be 'hashing', got '" + type + "'");
    }
    dimension = Checks.atLeast("encoder.dimension", dimension, 8, 256);
  }
}
