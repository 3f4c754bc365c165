package io.trinity.workers.episode;

import io.trinity.gateway.api.CallFailure;

/**
 * An episode could not be played to its end, e.g. the pool failed a call; names the task. {@link #failure()} is
 * the classified call failure that ended it, or null when it was not a call's.
 */
public final class EpisodeException extends RuntimeException {
  private final transient CallFailure failure;

  public EpisodeException(String message, Throwable cause) {
    this(message, cause, null);
  }

  public EpisodeException(String message, Throwable cause, CallFailure failure) {
    super(message, cause);
    this.failure = failure;
  }

  public CallFailure failure() {
    return failure;
  }
}
