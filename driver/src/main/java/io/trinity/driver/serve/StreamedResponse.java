package io.trinity.driver.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.server.Exchange;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import io.trinity.workers.head.Decision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@code stream: true} Responses answer, with the events OpenAI's Responses API streams for open reasoning models:
 * {@code response.created} at once; each turn as a reasoning item whose text streams as the pool produces it
 * ({@code response.output_item.added}, {@code response.content_part.added} with an empty {@code reasoning_text},
 * {@code response.reasoning_text.delta} pieces, {@code response.reasoning_text.done}, {@code
 * response.content_part.done}, {@code response.output_item.done} carrying the turn's facts in {@code trinity.turn});
 * then the final answer's message ({@code response.output_item.added}, {@code response.content_part.added},
 * {@code response.output_text.delta} pieces, {@code response.output_text.done}, {@code response.content_part.done},
 * {@code response.output_item.done}); and {@code response.completed} with the whole response. Every event carries
 * its {@code type} and {@code sequence_number}; there is no {@code [DONE]} in this API.
 *
 * <p>A turn that the budget makes final and a Worker plays (the rule of {@link StreamedReply}) streams straight into
 * the message as {@code output_text} deltas and has no reasoning item; its facts ride on the message's
 * {@code output_item.done}. An item opens on its turn's first piece, so a fallback model's reply opens it under the
 * model that gave it. Once a piece is out a failed call ends the stream with an {@code error} event (the runner's
 * rule: no fallback continues text the client has seen); before that, a turn falls back as in a plain request.
 *
 * <p>A failure after the stream started ends it with an {@code error} event: the Responses API's fields (code,
 * message, param) plus an OpenAI {@code error} object, which OpenAI's clients raise as an API error.
 */
final class StreamedResponse implements CompletionReply {
  /** When the final answer is whole at the episode's end it goes out in pieces of this, as chat completions does. */
  private static final int PIECE_CODE_POINTS = 32;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Exchange exchange;
  private final ResponsesJson json;
  private final List<String> poolModels;
  private int sequence;
  /** The index the next item opens at. */
  private int outputIndex;
  /** False once the stream ended (or never started): a turn that comes back after a timeout is not sent. */
  private boolean open;
  /** The item whose text is streaming now; null between items. */
  private Item current;
  /** The turn whose reply streamed as the message, once its turn is played; null when none did. */
  private PlayedTurn asMessage;

  /** An item being streamed: its id and index, whether it is the message, and the text sent so far. */
  private static final class Item {
    final String id;
    final int index;
    final boolean message;
    final StringBuilder text = new StringBuilder();

    Item(String id, int index, boolean message) {
      this.id = id;
      this.index = index;
      this.message = message;
    }
  }

  /**
   * Starts the stream with {@code response.created}. Pieces arrive on the HTTP client's threads and turns on the
   * episode's, and a timed-out request is answered while its last call may still come back: hence synchronized.
   */
  StreamedResponse(Exchange exchange, ResponsesJson json, List<String> poolModels) {
    this.exchange = exchange;
    this.json = json;
    this.poolModels = List.copyOf(poolModels);
    exchange.responseHeader("Cache-Control", "no-cache");
    this.open = exchange.startStream("text/event-stream");
    if (open) {
      event("response.created", node().set("response", json.started()));
    }
  }

  @Override
  public synchronized Consumer<String> streamTurn(int turn, Decision decision, boolean finalAnswer) {
    String header = CompletionJson.turnHeader(turn, decision.role(), poolModels.get(decision.model()));
    return piece -> {
      synchronized (this) {
        if (!open || piece.isEmpty()) {
          return;
        }
        if (current == null) {
          if (finalAnswer) {
            openMessage();
          } else {
            openReasoning(turn);
            delta(header);
          }
        }
        delta(piece);
      }
    };
  }

  @Override
  public synchronized void turnPlayed(PlayedTurn turn) {
    if (!open) {
      return;
    }
    if (current != null && current.message) {
      asMessage = turn;
      return;
    }
    String text = CompletionJson.turnText(turn);
    if (current == null) {
      openReasoning(turn.number());
    }
    String sent = current.text.toString();
    if (text.startsWith(sent) && text.length() > sent.length()) {
      delta(text.substring(sent.length()));
    }
    ObjectNode done = itemEvent().put("text", text);
    event("response.reasoning_text.done", done);
    event("response.content_part.done", itemEvent().set("part", json.reasoningPart(text)));
    ObjectNode itemDone = node().put("output_index", current.index);
    itemDone.set("item", json.reasoning(turn));
    turnFacts(itemDone, turn);
    event("response.output_item.done", itemDone);
    current = null;
  }

  @Override
  public synchronized void finished(PlayedEpisode played) {
    if (!open) {
      return;
    }
    boolean streamed = asMessage != null && asMessage.number() == played.turns().size();
    String text = ResponsesJson.finalAnswer(played);
    if (!streamed) {
      current = null;
      openMessage();
      for (int from = 0; from < text.length(); ) {
        int to = text.offsetByCodePoints(from, Math.min(PIECE_CODE_POINTS, text.codePointCount(from, text.length())));
        delta(text.substring(from, to));
        from = to;
      }
    }
    ObjectNode textDone = itemEvent().put("text", text);
    textDone.putArray("logprobs");
    event("response.output_text.done", textDone);
    event("response.content_part.done", itemEvent().set("part", json.textPart(text)));
    ObjectNode itemDone = node().put("output_index", current.index);
    itemDone.set("item", json.message(text, "completed"));
    if (streamed) {
      turnFacts(itemDone, asMessage).put("streamed_as", "message");
    }
    event("response.output_item.done", itemDone);
    event("response.completed", node().set("response", json.completedResponse(played, streamed)));
    open = false;
    exchange.endStream();
  }

  @Override
  public synchronized void failed(GatewayException error) {
    if (!open) {
      return;
    }
    open = false;
    ObjectNode event = node().put("code", error.code() != null ? error.code() : error.type())
        .put("message", error.getMessage()).put("param", error.param());
    try {
      event.set("error", MAPPER.readTree(OpenAiJson.writeError(error)).get("error"));
    } catch (IOException e) {
      throw new IllegalStateException("the gateway wrote an error object that is not JSON", e);
    }
    event("error", event);
    exchange.endStream();
  }

  private void openReasoning(int turn) {
    current = new Item(json.reasoningId(turn), outputIndex++, false);
    ObjectNode added = node().put("output_index", current.index);
    added.set("item", json.reasoningInProgress(turn));
    event("response.output_item.added", added);
    event("response.content_part.added", itemEvent().set("part", json.reasoningPart("")));
  }

  private void openMessage() {
    current = new Item(json.messageId(), outputIndex++, true);
    ObjectNode added = node().put("output_index", current.index);
    added.set("item", json.message(null, "in_progress"));
    event("response.output_item.added", added);
    event("response.content_part.added", itemEvent().set("part", json.textPart("")));
  }

  /** A piece of the current item's text, as the delta event of its kind. */
  private void delta(String piece) {
    current.text.append(piece);
    ObjectNode delta = itemEvent().put("delta", piece);
    if (current.message) {
      delta.putArray("logprobs");
      event("response.output_text.delta", delta);
    } else {
      event("response.reasoning_text.delta", delta);
    }
  }

  private static ObjectNode turnFacts(ObjectNode event, PlayedTurn turn) {
    return CompletionJson.turnUsage(CompletionJson.turnFields(event.putObject("trinity").putObject("turn"), turn),
        turn.usage());
  }

  private ObjectNode node() {
    return MAPPER.createObjectNode();
  }

  private ObjectNode itemEvent() {
    return node().put("item_id", current.id).put("output_index", current.index).put("content_index", 0);
  }

  /** One server-sent event: its name, and its data with the type and the next sequence number first. */
  private void event(String type, ObjectNode data) {
    ObjectNode framed = node().put("type", type).put("sequence_number", sequence++);
    framed.setAll(data);
    byte[] json = CompletionJson.bytes(framed);
    byte[] head = ("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + json.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(json, 0, out, head.length, json.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    exchange.streamChunk(out);
  }
}
