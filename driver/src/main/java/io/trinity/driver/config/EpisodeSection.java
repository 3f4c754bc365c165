package io.trinity.driver.config;

import io.trinity.workers.episode.EpisodeSettings;

/**
 * How episodes are played: the turn budget and sampling settings, which a trained head keeps, and how many episodes
 * one Spark task keeps in flight at once. {@code temperature} and {@code max_tokens} fill what a pool entry leaves
 * unset; {@code override_model_defaults: true} makes them replace the entries' own values. {@code on_turn_error},
 * {@code failed_episode_retries} and {@code failed_episode_wait_s} say what rounds do about failed calls
 * ({@link FailurePolicy}).
 */
public record EpisodeSection(Integer maxTurns, Double temperature, Integer maxTokens, Integer maxInFlight,
    Boolean overrideModelDefaults, String onTurnError, Integer failedEpisodeRetries, Double failedEpisodeWaitS) {
  public EpisodeSection {
    maxTurns = Checks.atLeast("episode.max_turns", maxTurns, 1, 3);
    temperature = Checks.within("episode.temperature", temperature, 0, 2, 0.7);
    maxTokens = Checks.atLeast("episode.max_tokens", maxTokens, 1, 1024);
    maxInFlight = Checks.atLeast("episode.max_in_flight", maxInFlight, 1, 128);
    FailurePolicy.of(onTurnError, failedEpisodeRetries, failedEpisodeWaitS);
    overrideModelDefaults = Boolean.TRUE.equals(overrideModelDefaults);
  }

  public EpisodeSettings settings() {
    return new EpisodeSettings(maxTurns, temperature, maxTokens, overrideModelDefaults);
  }

  /** What the rounds do about failed turns and episodes (docs/ARCHITECTURE.md, "Error classes"). */
  public FailurePolicy failures() {
    return FailurePolicy.of(onTurnError, failedEpisodeRetries, failedEpisodeWaitS);
  }
}
