package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import io.trinity.workers.head.Decision;
import java.util.function.Consumer;

/** How one request is answered as its episode goes: whole at the end, or streamed turn by turn. */
interface CompletionReply {
  /** Called once per turn, in order, as soon as the turn is answered. */
  void turnPlayed(PlayedTurn turn);

  /**
   * Before each pool call: where that turn's reply goes as the pool streams it, or null to take it whole (the
   * default). See {@link io.trinity.workers.episode.EpisodeObserver#streamTurn}.
   */
  default Consumer<String> streamTurn(int turn, Decision decision, boolean finalAnswer) {
    return null;
  }

  /** The episode is over; answer with its final answer. */
  void finished(PlayedEpisode played);

  /** The episode failed; answer with the error. */
  void failed(GatewayException error);
}
