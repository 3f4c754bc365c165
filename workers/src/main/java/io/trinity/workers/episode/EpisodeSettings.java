package io.trinity.workers.episode;

import java.io.Serializable;

/**
 * How a policy's episodes are played: the turn budget K and the sampling parameters sent with every call. A
 * trained coordinator keeps the settings it was trained with; a single-model baseline plays one turn.
 */
public record EpisodeSettings(int maxTurns, double temperature, int maxTokens) implements Serializable {
  public EpisodeSettings {
    if (maxTurns < 1) {
      throw new IllegalArgumentException("max_turns must be at least 1, got " + maxTurns);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("max_tokens must be at least 1, got " + maxTokens);
    }
    if (!(temperature >= 0 && temperature <= 2)) {
      throw new IllegalArgumentException("temperature must be in [0, 2], got " + temperature);
    }
  }

  /** The same sampling with another turn budget. */
  public EpisodeSettings withMaxTurns(int turns) {
    return new EpisodeSettings(turns, temperature, maxTokens);
  }
}
