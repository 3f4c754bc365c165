package io.trinity.workers.episode;

import java.io.Serializable;

/**
 * Which samples an episode's calls draw: the sample index that, with the task and the decisions so far, seeds
 * every call (see {@link CallSeeds}), and the training generation the gateway accounts the calls to (null outside
 * training). Every stream a run uses is named here, so no two kinds of round can draw the same samples by accident.
 *
 * <p>Training generation g draws stream g: its candidates share samples (common random numbers), and a query seen
 * again in a later generation gets fresh ones, so a head cannot learn which replies happened to be lucky.
 * Validation always draws one stream of its own, so that scores compare across generations; held-out evaluation
 * draws another.
 */
public record Sampling(int sampleIndex, Integer generation) implements Serializable {
  /** The validation stream, above every training generation's. */
  public static final int VALIDATION_INDEX = 1_000_000_000;
  /** The held-out stream, apart from training and validation. */
  public static final int HELD_OUT_INDEX = 2_000_000_000;

  public Sampling {
    if (sampleIndex < 0) {
      throw new IllegalArgumentException("sample index must not be negative, got " + sampleIndex);
    }
    if (generation != null && (generation < 0 || generation >= VALIDATION_INDEX)) {
      throw new IllegalArgumentException("generation must be in [0, " + VALIDATION_INDEX + "), got " + generation);
    }
  }

  /** Training generation {@code g}'s own samples, accounted to g. */
  public static Sampling training(int generation) {
    return new Sampling(generation, generation);
  }

  /** The validation samples, accounted to the generation whose mean is validated. */
  public static Sampling validation(int generation) {
    return new Sampling(VALIDATION_INDEX, generation);
  }

  /** The held-out samples, accounted to no generation. */
  public static Sampling heldOut() {
    return new Sampling(HELD_OUT_INDEX, null);
  }
}
