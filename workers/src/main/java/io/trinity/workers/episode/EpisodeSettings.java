package io.trinity.workers.episode;

import java.io.Serializable;

/**
 * How episodes are played: the turn budget K, sampling parameters sent with every call, and how many episodes one
 * runner keeps in flight at once (episodes mostly wait on HTTP, so this is far above the core count).
 */
public record EpisodeSettings(int maxTurns, double temperature, int maxTokens, int maxInFlight)
    implements Serializable {
  public EpisodeSettings {
    if (maxTurns < 1) {
      throw new IllegalArgumentException("max_turns must be at least 1, got " + maxTurns);
    }
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max_in_flight must be at least 1, got " + maxInFlight);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
    }
  }
}
