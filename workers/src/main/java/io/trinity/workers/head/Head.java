package io.trinity.workers.head;

/** Maps a transcript representation h to a decision. Thread-safe: heads are read-only once built. */
public interface Head {
  Decision decide(float[] h);

  /** Every pool model by the head's preference, its decision's model first (see {@link Ranking#fromLogits}). */
  Ranking rank(float[] h);
}
