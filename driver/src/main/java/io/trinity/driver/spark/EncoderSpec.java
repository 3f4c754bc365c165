package io.trinity.driver.spark;

import io.trinity.workers.encode.Encoder;
import io.trinity.workers.encode.FeatureFamily;
import io.trinity.workers.encode.HashingEncoder;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/** Which encoder executors build: the hashing encoder's dimension and feature families. Small, shipped in tasks. */
public record EncoderSpec(int dimension, Set<FeatureFamily> families) implements Serializable {
  public EncoderSpec {
    families = EnumSet.copyOf(families);
  }

  Encoder create() {
    return new HashingEncoder(dimension, families);
  }
}
