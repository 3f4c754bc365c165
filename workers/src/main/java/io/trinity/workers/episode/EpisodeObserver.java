package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import java.util.function.Consumer;

/**
 * Watches an episode while it is played. Serving streams each turn to its client as it happens and stops an
 * episode whose client has gone; training and evaluation watch nothing ({@link #NONE}). Methods run on the runner's
 * work threads, one turn after another (a {@link #streamTurn} sink on the thread that relays the pool's stream).
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

  /**
   * Asked before each pool call of turn {@code turn} (1-based; again before a fallback call): where the reply's
   * text goes, piece by piece, as the pool streams it, or null (the default) to take the reply whole as training
   * and evaluation do. {@code finalAnswer} says that this turn's reply will be the episode's final answer whatever
   * it says: it is the last turn the budget allows, and a Worker's (or no Worker has spoken yet). Earlier turns can
   * never know that, since a later Worker or an accepting Verifier decides. Once a piece has been handed on, a
   * failed call ends the episode: no fallback model continues text its reader has already seen.
   */
  default Consumer<String> streamTurn(int turn, Decision decision, boolean finalAnswer) {
    return null;
  }
}
