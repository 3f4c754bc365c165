package io.trinity.workers.episode;

/** An episode that its observer stopped before its next pool call; names the task and how many turns were played. */
public final class EpisodeCancelledException extends RuntimeException {
  public EpisodeCancelledException(String message) {
    super(message);
  }
}
