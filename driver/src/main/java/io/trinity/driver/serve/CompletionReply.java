package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;

/** How one request is answered as its episode goes: whole at the end, or streamed turn by turn. */
interface CompletionReply {
  /** Called once per turn, in order, as soon as the turn is answered. */
  void turnPlayed(PlayedTurn turn);

  /** The episode is over; answer with its final answer. */
  void finished(PlayedEpisode played);

  /** The episode failed; answer with the error. */
  void failed(GatewayException error);
}
