package io.trinity.workers.head;

/** Maps a transcript representation h to a decision. Thread-safe: heads are read-only once built. */
public interface Head {
  Decision decide(float[] h);

  /** Every pool model by the head's preference, its decision's model first (see {@link Ranking#fromLogits}). */
  Ranking rank(float[] h);

  /** The raw logits: the first L score the pool's models, the last {@link HeadShape#ROLES} the roles. */
  float[] logits(float[] h);

  /**
   * Adds the vector-Jacobian product {@code dLogits^T d logits(h) / d theta} into {@code gradient}, indexed as the
   * flat vector the head wraps. REINFORCE's score function is this with {@code dLogits = onehot(action) - softmax}.
   */
  void addLogitsGradient(float[] h, double[] dLogits, double[] gradient);
}
