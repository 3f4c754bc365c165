package io.trinity.driver.config;

import io.trinity.workers.encode.FeatureFamily;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The coordinator's encoder; for now the feature-hashing encoder of {@code dimension} buckets with the given
 * {@code features} families (words, shapes, state; default all).
 */
public record EncoderSection(String type, Integer dimension, List<String> features) {
  public EncoderSection {
    type = type == null ? "hashing" : type;
    if (!type.equals("hashing")) {
      throw new IllegalArgumentException("encoder.type must be 'hashing', got '" + type + "'");
    }
    dimension = Checks.atLeast("encoder.dimension", dimension, 8, 256);
    features = features == null
        ? Arrays.stream(FeatureFamily.values()).map(FeatureFamily::wireName).toList() : List.copyOf(features);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("encoder.features needs at least one of words, shapes, state");
    }
    for (int i = 0; i < features.size(); i++) {
      try {
        FeatureFamily.fromWireName(features.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("encoder.features[" + i + "]: " + e.getMessage(), e);
      }
    }
  }

  public Set<FeatureFamily> families() {
    Set<FeatureFamily> families = EnumSet.noneOf(FeatureFamily.class);
    features.forEach(f -> families.add(FeatureFamily.fromWireName(f)));
    return families;
  }
}
