package io.trinity.driver.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import io.trinity.workers.transcript.Role;
import java.util.List;

/**
 * The Responses API objects of one request. A response's {@code output} holds one {@code reasoning} item per turn
 * (its text as {@code reasoning_text} content, as open reasoning models return it) and then the final answer as
 * one assistant {@code message} with one {@code output_text} part, so {@code output_text} in OpenAI's clients is the
 * final answer. {@code usage} counts every turn: the completion tokens of every turn but the one whose reply is the
 * final answer are {@code reasoning_tokens}. The {@code trinity} extensions are those of chat completions.
 */
final class ResponsesJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final CompletionJson.Header header;
  private final CompletionJson.EpisodeFacts facts;
  private final CompletionRequest request;

  ResponsesJson(CompletionJson.Header header, CompletionJson.EpisodeFacts facts, CompletionRequest request) {
    this.header = header;
    this.facts = facts;
    this.request = request;
  }

  /** The whole response of a finished episode, as {@code POST /v1/responses} returns it and as the stream ends. */
  byte[] completed(PlayedEpisode played) {
    return CompletionJson.bytes(completedResponse(played));
  }

  ObjectNode completedResponse(PlayedEpisode played) {
    return completedResponse(played, false);
  }

  /**
   * As above; with {@code lastAsMessage} the last turn, whose reply streamed as the message itself, has no reasoning
   * item, so that the output holds the items the stream sent, at the same indices.
   */
  ObjectNode completedResponse(PlayedEpisode played, boolean lastAsMessage) {
    ObjectNode response = response("completed");
    ArrayNode output = response.putArray("output");
    List<PlayedTurn> turns = played.turns();
    for (int t = 0; t < turns.size() - (lastAsMessage ? 1 : 0); t++) {
      output.add(reasoning(turns.get(t)));
    }
    output.add(message(finalAnswer(played), "completed"));
    usage(response, played);
    ObjectNode trinity = facts.write(response.putObject("trinity"), played);
    if (request.includeTranscript()) {
      CompletionJson.transcript(trinity, played);
    }
    return response;
  }

  /** The response as the stream opens: in progress, nothing out yet. */
  ObjectNode started() {
    ObjectNode response = response("in_progress");
    response.putArray("output");
    response.putNull("usage");
    return response;
  }

  /** A turn as a finished reasoning item. */
  ObjectNode reasoning(PlayedTurn turn) {
    ObjectNode item = MAPPER.createObjectNode().put("type", "reasoning").put("id", reasoningId(turn.number()));
    item.putArray("summary");
    item.putArray("content").add(reasoningPart(CompletionJson.turnText(turn)));
    item.put("status", "completed");
    return item;
  }

  /** Turn {@code turn}'s reasoning item as its stream opens: no text yet. */
  ObjectNode reasoningInProgress(int turn) {
    ObjectNode item = MAPPER.createObjectNode().put("type", "reasoning").put("id", reasoningId(turn));
    item.putArray("summary");
    item.putArray("content");
    item.put("status", "in_progress");
    return item;
  }

  ObjectNode reasoningPart(String text) {
    return MAPPER.createObjectNode().put("type", "reasoning_text").put("text", text);
  }

  String reasoningId(int turn) {
    return "rs_" + itemSuffix() + "_" + turn;
  }

  /** The final answer's message; {@code text} null for one still in progress, with no content yet. */
  ObjectNode message(String text, String status) {
    ObjectNode item = MAPPER.createObjectNode().put("type", "message").put("id", messageId()).put("status", status)
        .put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (text != null) {
      content.add(textPart(text));
    }
    return item;
  }

  ObjectNode textPart(String text) {
    ObjectNode part = MAPPER.createObjectNode().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  String messageId() {
    return "msg_" + itemSuffix();
  }

  static String finalAnswer(PlayedEpisode played) {
    return played.finalAnswer() == null ? "" : played.finalAnswer();
  }

  private String itemSuffix() {
    return header.id().substring(header.id().indexOf('_') + 1);
  }

  private ObjectNode response(String status) {
    ObjectNode response = MAPPER.createObjectNode().put("id", header.id()).put("object", "response")
        .put("created_at", header.created()).put("status", status).put("model", header.model());
    response.putNull("error");
    response.putNull("incomplete_details");
    response.putNull("instructions");
    response.put("parallel_tool_calls", false).put("tool_choice", "none");
    response.putArray("tools");
    if (request.temperature() != null) {
      response.put("temperature", request.temperature());
    }
    if (request.maxTokens() != null) {
      response.put("max_output_tokens", request.maxTokens());
    }
    return response;
  }

  private static void usage(ObjectNode response, PlayedEpisode played) {
    List<PlayedTurn> turns = played.turns();
    UsageTotals totals = UsageTotals.of(turns);
    long input = totals.promptTokens();
    long output = totals.completionTokens();
    ObjectNode usage = response.putObject("usage").put("input_tokens", input);
    usage.putObject("input_tokens_details").put("cached_tokens", 0);
    usage.put("output_tokens", output);
    usage.putObject("output_tokens_details").put("reasoning_tokens", output - answerTokens(turns));
    usage.put("total_tokens", input + output).put("cost", totals.cost());
    CompletionJson.turnBreakdown(usage, turns);
  }

  /** The completion tokens of the turn whose reply is the final answer: the latest Worker's, else the last. */
  private static long answerTokens(List<PlayedTurn> turns) {
    for (int t = turns.size() - 1; t >= 0; t--) {
      if (turns.get(t).turn().role() == Role.WORKER) {
        return turns.get(t).usage().completionTokens();
      }
    }
    return turns.isEmpty() ? 0 : turns.get(turns.size() - 1).usage().completionTokens();
  }
}
