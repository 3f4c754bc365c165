package io.trinity.workers.episode;

/** An episode could not be played to its end, e.g. the pool failed a call; names the task. */
public final class EpisodeException extends RuntimeException {
  public EpisodeException(String message, Throwable cause) {
    super(message, cause);
  }
}
