package io.trinity.workers.episode;

import io.trinity.gateway.api.Precedence;
import java.io.Serializable;

/**
 * How a policy's episodes are played: the turn budget K and the sampling parameters sent with every call. A
 * trained coordinator keeps the settings it was trained with; a single-model baseline plays one turn.
 *
 * <p>{@code temperature} and {@code maxTokens} fill what a pool entry leaves unset: an entry's own
 * {@code temperature} and {@code max_tokens} win ({@link Precedence#MODEL}), since whoever wrote the pool file set
 * them for that model. With {@code overrideModelDefaults} the episode's values replace the entries' instead
 * ({@link Precedence#REQUEST}). Either way a model is never sent a parameter its entry says it refuses.
 */
public record EpisodeSettings(int maxTurns, double temperature, int maxTokens, boolean overrideModelDefaults)
    implements Serializable {
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

  /** Settings that fill what the pool entries leave unset. */
  public EpisodeSettings(int maxTurns, double temperature, int maxTokens) {
    this(maxTurns, temperature, maxTokens, false);
  }

  /** The same sampling with another turn budget. */
  public EpisodeSettings withMaxTurns(int turns) {
    return new EpisodeSettings(turns, temperature, maxTokens, overrideModelDefaults);
  }

  /** Whose values win where a pool entry sets its own: the entry's unless these override on purpose. */
  public Precedence precedence() {
    return overrideModelDefaults ? Precedence.REQUEST : Precedence.MODEL;
  }
}
