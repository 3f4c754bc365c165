package io.trinity.workers.episode;

import io.trinity.gateway.api.CallFailure;
import java.io.Serializable;

/**
 * What became of one episode of a batch: its result, or the failure that left it unplayed (one the run must act
 * on: a configuration error, a spent budget, an upstream that stayed down). An executor hands this back instead of
 * throwing, so that Spark never retries a task whose calls would fail, and be paid for, again.
 */
public record EpisodeOutcome(EpisodeResult result, CallFailure failure) implements Serializable {
  public EpisodeOutcome {
    if ((result == null) == (failure == null)) {
      throw new IllegalArgumentException("an outcome is a result or a failure, not both or neither");
    }
  }

  public static EpisodeOutcome of(EpisodeResult result) {
    return new EpisodeOutcome(result, null);
  }

  public static EpisodeOutcome failed(CallFailure failure) {
    return new EpisodeOutcome(null, failure);
  }
}
