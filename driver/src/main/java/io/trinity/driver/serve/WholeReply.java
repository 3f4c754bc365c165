package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.server.Exchange;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import java.util.function.Function;

/** One JSON object sent when the episode is over (a chat completion, a response), or the error. */
final class WholeReply implements CompletionReply {
  private final Exchange exchange;
  private final Function<PlayedEpisode, byte[]> body;

  WholeReply(Exchange exchange, Function<PlayedEpisode, byte[]> body) {
    this.exchange = exchange;
    this.body = body;
  }

  @Override
  public void turnPlayed(PlayedTurn turn) {}

  @Override
  public void finished(PlayedEpisode played) {
    exchange.sendJson(200, body.apply(played));
  }

  @Override
  public void failed(GatewayException error) {
    exchange.sendError(error);
  }
}
