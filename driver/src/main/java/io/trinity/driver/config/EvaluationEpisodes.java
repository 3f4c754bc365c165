package io.trinity.driver.config;

import io.trinity.workers.episode.EpisodeSettings;

/**
 * How the baselines sample (default: as the first head was trained to, pool entries' own values included or
 * overridden as it was) and how many episodes one Spark task keeps in flight. The heads always play their own
 * trained turn budget and settings. Failed calls are handled as in training ({@link FailurePolicy}).
 */
public record EvaluationEpisodes(Double temperature, Integer maxTokens, Integer maxInFlight,
    Boolean overrideModelDefaults, String onTurnError, Integer failedEpisodeRetries, Double failedEpisodeWaitS) {
  public EvaluationEpisodes {
    if (temperature != null) {
      Checks.within("episode.temperature", temperature, 0, 2, 0.7);
    }
    if (maxTokens != null) {
      Checks.atLeast("episode.max_tokens", maxTokens, 1, 1024);
    }
    maxInFlight = Checks.atLeast("episode.max_in_flight", maxInFlight, 1, 128);
    FailurePolicy.of(onTurnError, failedEpisodeRetries, failedEpisodeWaitS);
  }

  public static EvaluationEpisodes defaults() {
    return new EvaluationEpisodes(null, null, null, null, null, null, null);
  }

  /** The baselines' settings: the configured ones over {@code head}'s. */
  public EpisodeSettings over(EpisodeSettings head) {
    return new EpisodeSettings(head.maxTurns(), temperature != null ? temperature : head.temperature(),
        maxTokens != null ? maxTokens : head.maxTokens(),
        overrideModelDefaults != null ? overrideModelDefaults : head.overrideModelDefaults());
  }

  /** What the rounds do about failed turns and episodes (docs/ARCHITECTURE.md, "Error classes"). */
  public FailurePolicy failures() {
    return FailurePolicy.of(onTurnError, failedEpisodeRetries, failedEpisodeWaitS);
  }
}
