package io.trinity.driver.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.server.Exchange;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A {@code stream: true} Responses answer, as the Responses API streams: {@code response.created} at once; each
 * turn as a finished reasoning item ({@code response.output_item.added} with the turn's facts in
 * {@code trinity.turn}, then {@code response.output_item.done}) when it is answered; then the final answer's
 * message: {@code response.output_item.added}, {@code response.content_part.added}, {@code
 * response.output_text.delta} pieces, {@code response.output_text.done}, {@code response.content_part.done},
 * {@code response.output_item.done}; and {@code response.completed} with the whole response. Every event carries
 * its {@code type} and {@code sequence_number}; there is no {@code [DONE]} in this API.
 *
 * <p>A failure after the stream started ends it with an {@code error} event: the Responses API's fields (code,
 * message, param) plus an OpenAI {@code error} object, which OpenAI's clients raise as an API error.
 */
final class StreamedResponse implements CompletionReply {
  /** As for chat completions: the final answer is whole when the episode ends and goes out in pieces of this. */
  private static final int PIECE_CODE_POINTS = 32;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Exchange exchange;
  private final ResponsesJson json;
  private int sequence;
  private int outputIndex;
  /** False once the stream ended (or never started): a turn that comes back after a timeout is not sent. */
  private boolean open;

  /** Starts the stream with {@code response.created}; synchronized as {@link StreamedReply} is, for timeouts. */
  StreamedResponse(Exchange exchange, ResponsesJson json) {
    this.exchange = exchange;
    this.json = json;
    exchange.responseHeader("Cache-Control", "no-cache");
    this.open = exchange.startStream("text/event-stream");
    if (open) {
      event("response.created", node().set("response", json.started()));
    }
  }

  @Override
  public synchronized void turnPlayed(PlayedTurn turn) {
    if (!open) {
      return;
    }
    ObjectNode item = json.reasoning(turn);
    ObjectNode added = node().put("output_index", outputIndex);
    added.set("item", item);
    CompletionJson.turnUsage(CompletionJson.turnFields(added.putObject("trinity").putObject("turn"), turn),
        turn.usage());
    event("response.output_item.added", added);
    ObjectNode done = node().put("output_index", outputIndex++);
    done.set("item", item);
    event("response.output_item.done", done);
  }

  @Override
  public synchronized void finished(PlayedEpisode played) {
    if (!open) {
      return;
    }
    open = false;
    String text = ResponsesJson.finalAnswer(played);
    String itemId = json.messageId();
    ObjectNode added = node().put("output_index", outputIndex);
    added.set("item", json.message(null, "in_progress"));
    event("response.output_item.added", added);
    event("response.content_part.added", part(itemId).set("part", json.textPart("")));
    for (int from = 0; from < text.length(); ) {
      int to = text.offsetByCodePoints(from, Math.min(PIECE_CODE_POINTS, text.codePointCount(from, text.length())));
      ObjectNode delta = part(itemId).put("delta", text.substring(from, to));
      delta.putArray("logprobs");
      event("response.output_text.delta", delta);
      from = to;
    }
    ObjectNode textDone = part(itemId).put("text", text);
    textDone.putArray("logprobs");
    event("response.output_text.done", textDone);
    event("response.content_part.done", part(itemId).set("part", json.textPart(text)));
    ObjectNode itemDone = node().put("output_index", outputIndex);
    itemDone.set("item", json.message(text, "completed"));
    event("response.output_item.done", itemDone);
    event("response.completed", node().set("response", json.completedResponse(played)));
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

  private ObjectNode node() {
    return MAPPER.createObjectNode();
  }

  private ObjectNode part(String itemId) {
    return node().put("item_id", itemId).put("output_index", outputIndex).put("content_index", 0);
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
