package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import io.trinity.workers.head.Ranking;
import io.trinity.workers.transcript.Transcript;

/** Chooses the next turn's model and role from the transcript so far. Thread-safe. */
public interface Policy {
  Decision decide(Transcript transcript);

  /**
   * This turn's choice and the models to fall back to, best first, when its model cannot answer. Only a trained
   * head ranks the pool; other policies have no second choice and list only their decision's model.
   */
  default Ranking rank(Transcript transcript) {
    return Ranking.of(decide(transcript));
  }
}
