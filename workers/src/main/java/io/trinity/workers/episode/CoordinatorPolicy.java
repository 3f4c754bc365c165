package io.trinity.workers.episode;

import io.trinity.workers.encode.Encoder;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.Head;
import io.trinity.workers.transcript.Transcript;

/** The Trinity coordinator: encode the whole transcript, let the head pick model and role. */
public record CoordinatorPolicy(Encoder encoder, Head head) implements Policy {
  @Override
  public Decision decide(Transcript transcript) {
    return head.decide(encoder.encode(transcript));
  }
}
