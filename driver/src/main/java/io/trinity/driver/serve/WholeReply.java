package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.server.Exchange;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;

/** A {@code chat.completion} object sent when the episode is over. */
final class WholeReply implements CompletionReply {
  private final Exchange exchange;
  private final CompletionJson.Header header;
  private final CompletionJson.EpisodeFacts facts;
  private final boolean includeTranscript;

  WholeReply(Exchange exchange, CompletionJson.Header header, CompletionJson.EpisodeFacts facts,
      boolean includeTranscript) {
    this.exchange = exchange;
    this.header = header;
    this.facts = facts;
    this.includeTranscript = includeTranscript;
  }

  @Override
  public void turnPlayed(PlayedTurn turn) {}

  @Override
  public void finished(PlayedEpisode played) {
    exchange.sendJson(200, CompletionJson.completion(header, played, facts, includeTranscript));
  }

  @Override
  public void failed(GatewayException error) {
    exchange.sendError(error);
  }
}
