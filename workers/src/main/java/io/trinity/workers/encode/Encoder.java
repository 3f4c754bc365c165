package io.trinity.workers.encode;

import io.trinity.workers.transcript.Transcript;
import java.util.List;

/**
 * Maps a transcript to the representation h the coordinator head reads. Implementations are thread-safe: the
 * concurrent episodes of an executor share one instance.
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
}
