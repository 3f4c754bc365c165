package io.trinity.workers.episode;

/**
 * Watches an episode while it is played. Serving streams each turn to its client as it happens and stops an
 * episode whose client has gone; training and evaluation watch nothing ({@link #NONE}). Methods run on the thread
 * that completed the previous call (the first turn's on the caller's), one turn after another.
 */
public interface EpisodeObserver {
  EpisodeObserver NONE = new EpisodeObserver() {};

  /**
   * Asked before every pool call. False stops the episode before that call: it completes exceptionally with
   * {@link EpisodeCancelledException} and no further call is made.
   */
  default boolean proceed() {
    return true;
  }

  /** A turn was answered; turns arrive in order. */
  default void turnPlayed(PlayedTurn turn) {}
}
