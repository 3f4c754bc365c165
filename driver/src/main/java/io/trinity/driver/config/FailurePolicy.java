package io.trinity.driver.config;

import io.trinity.workers.episode.TurnErrors;
import java.time.Duration;
import java.util.Objects;

/**
 * What a round does about failed calls beyond the gateway's own retries: whether a turn-level failure ends its
 * episode ({@code episode.on_turn_error}), and how often, after how long a wait, the episodes that failed on an
 * unavailable upstream are played again before the round gives up ({@code episode.failed_episode_retries},
 * {@code episode.failed_episode_wait_s}). Played again rather than scored 0: a zero for an outage would bias the
 * fitness against whichever candidates happened to route to the model that was down.
 */
public record FailurePolicy(TurnErrors onTurnError, int failedEpisodeRetries, Duration failedEpisodeWait) {
  /** Turns go on after a failed turn; failed episodes are played again twice, 30 s apart. */
  public static final FailurePolicy DEFAULT = new FailurePolicy(TurnErrors.CONTINUE, 2, Duration.ofSeconds(30));

  /** The config's keys, {@code null} where unset, checked and defaulted; the messages name the keys. */
  static FailurePolicy of(String onTurnError, Integer failedEpisodeRetries, Double failedEpisodeWaitS) {
    TurnErrors turnErrors = DEFAULT.onTurnError();
    if (onTurnError != null) {
      turnErrors = switch (onTurnError) {
        case "continue" -> TurnErrors.CONTINUE;
        case "end_episode" -> TurnErrors.END_EPISODE;
        default -> throw new IllegalArgumentException("episode.on_turn_error must be continue or end_episode, got '"
            + onTurnError + "'");
      };
    }
    int retries = Checks.atLeast("episode.failed_episode_retries", failedEpisodeRetries, 0,
        DEFAULT.failedEpisodeRetries());
    double wait = Checks.within("episode.failed_episode_wait_s", failedEpisodeWaitS, 0, 3600,
        DEFAULT.failedEpisodeWait().toSeconds());
    return new FailurePolicy(turnErrors, retries, Duration.ofMillis(Math.round(wait * 1000)));
  }

  public FailurePolicy {
    Objects.requireNonNull(onTurnError, "onTurnError");
    Objects.requireNonNull(failedEpisodeWait, "failedEpisodeWait");
    if (failedEpisodeRetries < 0) {
      throw new IllegalArgumentException("failed episode retries must be at least 0, got " + failedEpisodeRetries);
    }
  }
}
