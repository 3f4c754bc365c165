package io.trinity.workers.export;

import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.encode.Encoder;

/**
 * An export read and checked: the coordinator's spec (with the prompts it will play with), its candidate vector,
 * and the manifest as written.
 */
public record ExportedHead(String location, HeadManifest manifest, CoordinatorSpec spec, float[] candidate) {

  /** The name a head of run {@code runId} goes by in evaluation reports and as a served model. */
  public static String nameOf(String runId) {
    return "trinity-" + runId;
  }

  /** {@code trinity-<run id>}, or {@code trinity-<folder>} for an export that records no training. */
  public String defaultName() {
    TrainingSummary training = manifest.training();
    if (training != null && training.runId() != null && !training.runId().isBlank()) {
      return nameOf(training.runId());
    }
    String folder = location.replaceAll("/+$", "");
    return nameOf(folder.substring(folder.lastIndexOf('/') + 1));
  }

  /** The coordinator over {@code shared}, which must be the encoder {@code spec().encoder()} describes. */
  public Coordinator coordinator(Encoder shared) {
    return Coordinator.of(spec, candidate, shared);
  }
}
