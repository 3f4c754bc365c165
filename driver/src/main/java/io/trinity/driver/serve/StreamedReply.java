package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.server.Exchange;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import java.nio.charset.StandardCharsets;

/**
 * A {@code stream: true} answer as server-sent events: a role chunk at once, then each turn as a
 * {@code reasoning_content} delta when it is answered, then the final answer as {@code content} deltas, a chunk
 * with the finish reason, the usage chunk when {@code stream_options.include_usage} asks for it (as OpenAI does),
 * and {@code [DONE]}. A failure after the stream started ends it with an {@code error} event and no {@code [DONE]},
 * which OpenAI clients raise as an error.
 *
 * <p>The final answer is the latest Worker's reply, known only when the episode ends, and the pool's replies arrive
 * whole (the gateway does not relay upstream streams yet), so the content is sent in pieces once the episode is over.
 */
final class StreamedReply implements CompletionReply {
  /** Small enough that a client's stream handling is exercised, large enough to keep events few. */
  private static final int PIECE_CODE_POINTS = 32;
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

  private final Exchange exchange;
  private final CompletionJson.Header header;
  private final CompletionJson.EpisodeFacts facts;
  private final boolean includeUsage;
  /** False once the stream ended (or never started): a turn that comes back after a timeout is not sent. */
  private boolean open;

  /**
   * Starts the stream: headers and the role chunk go out before the first turn is played. The methods are
   * synchronized because a timed-out request is answered while its last call may still come back.
   */
  StreamedReply(Exchange exchange, CompletionJson.Header header, CompletionJson.EpisodeFacts facts,
      boolean includeUsage) {
    this.exchange = exchange;
    this.header = header;
    this.facts = facts;
    this.includeUsage = includeUsage;
    exchange.responseHeader("Cache-Control", "no-cache");
    this.open = exchange.startStream("text/event-stream");
    if (open) {
      event(CompletionJson.chunk(header, "assistant", "", null));
    }
  }

  @Override
  public synchronized void turnPlayed(PlayedTurn turn) {
    if (open) {
      event(CompletionJson.turnChunk(header, turn));
    }
  }

  @Override
  public synchronized void finished(PlayedEpisode played) {
    if (!open) {
      return;
    }
    open = false;
    String content = played.finalAnswer() == null ? "" : played.finalAnswer();
    for (int from = 0; from < content.length(); ) {
      int to = content.offsetByCodePoints(from,
          Math.min(PIECE_CODE_POINTS, content.codePointCount(from, content.length())));
      event(CompletionJson.chunk(header, null, content.substring(from, to), null));
      from = to;
    }
    event(CompletionJson.chunk(header, null, null, "stop"));
    if (includeUsage) {
      event(CompletionJson.usageChunk(header, played, facts));
    }
    exchange.streamChunk(DONE);
    exchange.endStream();
  }

  @Override
  public synchronized void failed(GatewayException error) {
    if (!open) {
      return;
    }
    open = false;
    event(OpenAiJson.writeError(error));
    exchange.endStream();
  }

  private void event(byte[] json) {
    byte[] prefix = "data: ".getBytes(StandardCharsets.UTF_8);
    byte[] framed = new byte[prefix.length + json.length + 2];
    System.arraycopy(prefix, 0, framed, 0, prefix.length);
    System.arraycopy(json, 0, framed, prefix.length, json.length);
    framed[framed.length - 2] = '\n';
    framed[framed.length - 1] = '\n';
    exchange.streamChunk(framed);
  }
}
