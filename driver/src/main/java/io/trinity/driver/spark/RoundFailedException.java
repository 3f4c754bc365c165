package io.trinity.driver.spark;

import io.trinity.gateway.api.CallFailure;

/**
 * A round could not be played: an episode reported a failure that ends the run (a configuration error, a spent
 * budget) or episodes kept failing on an unavailable upstream after every retry. Nothing of the round is scored;
 * the job turns {@link #failure()} into the line it stops with.
 */
public final class RoundFailedException extends RuntimeException {
  private final transient CallFailure failure;
  private final int failedEpisodes;

  RoundFailedException(CallFailure failure, int failedEpisodes, String message) {
    super(message);
    this.failure = failure;
    this.failedEpisodes = failedEpisodes;
  }

  public CallFailure failure() {
    return failure;
  }

  /** How many of the round's episodes were left without a result. */
  public int failedEpisodes() {
    return failedEpisodes;
  }
}
