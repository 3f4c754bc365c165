package io.trinity.driver.train;

import java.io.Serializable;

/**
 * One episode of work, keyed by (generation, candidate, task) so a retried Spark task never counts twice. A
 * {@code singleModel} of -1 means the candidate's head steers; otherwise that pool model answers alone.
 */
public record EpisodeUnit(int generation, int candidate, int task, int singleModel) implements Serializable {
  public static EpisodeUnit coordinator(int generation, int candidate, int task) {
    return new EpisodeUnit(generation, candidate, task, -1);
  }

  public static EpisodeUnit singleModel(int generation, int model, int task) {
    return new EpisodeUnit(generation, -1, task, model);
  }
}
