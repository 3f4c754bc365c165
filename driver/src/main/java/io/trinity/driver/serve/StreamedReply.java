package io.trinity.driver.serve;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.server.Exchange;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import io.trinity.workers.head.Decision;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A {@code stream: true} answer as server-sent events: a role chunk at once, then each turn as a
 * {@code reasoning_content} delta when it is answered, then the final answer as {@code content} deltas, a chunk
 * with the finish reason, the usage chunk when {@code stream_options.include_usage} asks for it (as OpenAI does),
 * and {@code [DONE]}. A failure after the stream started ends it with an {@code error} event and no {@code [DONE]},
 * which OpenAI clients raise as an error.
 *
 * <p>The final answer is the latest Worker's reply. The rule for when it streams token by token: a turn whose reply is
 * known before it starts to be the final answer (the last turn the trained budget allows, played by a Worker) is
 * called with streaming, and each piece the gateway relays from the upstream goes out at once as a {@code content}
 * delta; that turn's chunk then follows with its {@code trinity.turn} (model, role, usage,
 * {@code streamed_as: "content"}) and no {@code reasoning_content}, since the text is already there. Any other turn
 * might not be the final one (a later Worker may answer again, a Verifier may accept and end the episode early), so
 * it is sent whole as reasoning when it is answered, and when the episode ends on such a turn the final answer is
 * sent as {@code content} in pieces after it. Once content has been streamed, a failed call ends the stream with an
 * error event: no fallback model continues text the client has seen.
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
  /** The turn whose reply went out as content, piece by piece; 0 when none did. */
  private int streamedTurn;

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
  public synchronized Consumer<String> streamTurn(int turn, Decision decision, boolean finalAnswer) {
    if (!finalAnswer) {
      return null;
    }
    return piece -> {
      synchronized (this) {
        if (open && !piece.isEmpty()) {
          streamedTurn = turn;
          event(CompletionJson.chunk(header, null, piece, null));
        }
      }
    };
  }

  @Override
  public synchronized void turnPlayed(PlayedTurn turn) {
    if (open) {
      event(CompletionJson.turnChunk(header, turn, turn.number() == streamedTurn));
    }
  }

  @Override
  public synchronized void finished(PlayedEpisode played) {
    if (!open) {
      return;
    }
    open = false;
    boolean streamed = streamedTurn > 0 && streamedTurn == played.turns().size();
    String content = streamed || played.finalAnswer() == null ? "" : played.finalAnswer();
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
