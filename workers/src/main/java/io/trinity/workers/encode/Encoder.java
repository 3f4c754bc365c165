package io.trinity.workers.encode;

import io.trinity.workers.transcript.Transcript;
import java.util.List;

/**
 * Maps a transcript to the representation h the coordinator head reads. Implementations are thread-safe: the
 * concurrent episodes of an executor share one instance.
 *
 * <p>An encoder may let candidates scale the singular values of some of its matrices (SVF): {@link #svfTargets}
 * names them, and {@link #withSvfScales} gives one candidate's view of the encoder.
 */
public interface Encoder {
  /** The length d of every representation. */
  int dimension();

  /** A short description for exports and logs, e.g. {@code hashing-256}. */
  String name();

  float[] encode(Transcript transcript);

  /** Encodes several transcripts; encoders that batch on an accelerator override this. */
  default float[][] encodeBatch(List<Transcript> transcripts) {
    float[][] out = new float[transcripts.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = encode(transcripts.get(i));
    }
    return out;
  }

  /** The matrices whose singular values candidates scale, in the order of their blocks; empty without SVF. */
  default List<String> svfTargets() {
    return List.of();
  }

  /**
   * This encoder as a candidate with SVF scales z sees it: each target W = U diag(s) V^T acts as U diag(z * s) V^T.
   * The view wraps {@code scales} without copying, so the caller must not change them afterwards. Encoders without
   * SVF targets refuse.
   */
  default Encoder withSvfScales(float[] scales) {
    throw new UnsupportedOperationException("encoder " + name() + " has no SVF targets");
  }
}
