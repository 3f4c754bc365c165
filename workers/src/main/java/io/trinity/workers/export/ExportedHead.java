package io.trinity.workers.export;

import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.encode.Encoder;

/**
 * An export read and checked: the coordinator's spec (with the prompts it will play with), its candidate vector,
 * and the manifest as written.
 */
public record ExportedHead(String location, HeadManifest manifest, CoordinatorSpec spec, float[] candidate) {

  /** The coordinator over {@code shared}, which must be the encoder {@code spec().encoder()} describes. */
  public Coordinator coordinator(Encoder shared) {
    return Coordinator.of(spec, candidate, shared);
  }
}
