package io.trinity.workers.episode;

import java.util.Locale;

/**
 * What a per-request failure ({@link io.trinity.gateway.api.CallFailure.Category#TURN}: a context too long for
 * the model, a content filter, an empty reply, a reply cut off before its answer) does to its episode. Either way
 * the turn is spent and counted.
 */
public enum TurnErrors {
  /** The turn ends as failed and the policy decides the next turn on the unchanged transcript. */
  CONTINUE,
  /** The episode ends at once with reward 0. */
  END_EPISODE,
  /**
   * The failure fails the whole episode with an {@link EpisodeException}, as any failed call does: serving's
   * behaviour, where the client gets the error, and every runner's default.
   */
  FAIL_EPISODE;

  /** The config's spelling, {@code continue} or {@code end_episode}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
