package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Transcript;

/** Chooses the next turn's model and role from the transcript so far. Thread-safe. */
public interface Policy {
  Decision decide(Transcript transcript);
}
