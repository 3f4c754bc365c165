package io.trinity.driver.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Usage;
import io.trinity.workers.episode.FailedCall;
import io.trinity.workers.episode.PlayedEpisode;
import io.trinity.workers.episode.PlayedTurn;
import io.trinity.workers.transcript.Role;
import java.util.List;
import java.util.Locale;

/**
 * The OpenAI chat-completion objects a served coordinator answers with, plus its extension objects, which OpenAI
 * clients ignore: {@code usage.trinity.turns} (each turn's model, role, tokens and cost, and {@code fallback_from}
 * when the head's choice failed and a lower-ranked model answered; {@code usage} itself sums every turn) and a
 * top-level {@code trinity} (the task id and seed the calls drew, the turns played, whether a Verifier accepted,
 * and on request the transcript).
 */
final class CompletionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CompletionJson() {}

  /** What every reply of one request shares. */
  record Header(String id, long created, String model) {}

  static byte[] completion(Header header, PlayedEpisode played, EpisodeFacts facts, boolean includeTranscript) {
    ObjectNode root = object(header, "chat.completion");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", played.finalAnswer());
    choice.put("finish_reason", "stop");
    usage(root, played.turns());
    ObjectNode trinity = facts.write(root.putObject("trinity"), played);
    if (includeTranscript) {
      transcript(trinity, played);
    }
    return bytes(root);
  }

  /** Every turn's model, role and reply, as {@code trinity.transcript}. */
  static void transcript(ObjectNode trinity, PlayedEpisode played) {
    ArrayNode transcript = trinity.putArray("transcript");
    for (PlayedTurn turn : played.turns()) {
      turnFields(transcript.addObject(), turn).put("content", turn.turn().reply());
    }
  }

  /** A chunk whose delta holds the role, or the content, or nothing; {@code finishReason} may be null. */
  static byte[] chunk(Header header, String role, String content, String finishReason) {
    return OpenAiJson.writeChunk(header.id(), header.created(), header.model(), role, content, finishReason, null);
  }

  /**
   * A turn as it happened: its text as a {@code reasoning_content} delta (the field vLLM and DeepSeek stream
   * reasoning in), headed like the transcript the pool sees, and the turn's facts in {@code trinity.turn}.
   */
  static byte[] turnChunk(Header header, PlayedTurn turn) {
    return turnChunk(header, turn, false);
  }

  /**
   * A turn's chunk: its text as a {@code reasoning_content} delta and its model, role and usage in
   * {@code trinity.turn}; for a turn whose reply was already streamed as the answer's {@code content}
   * ({@code asContent}), an empty delta and {@code trinity.turn.streamed_as: "content"}.
   */
  static byte[] turnChunk(Header header, PlayedTurn turn, boolean asContent) {
    ObjectNode root = object(header, "chat.completion.chunk");
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    ObjectNode delta = choice.putObject("delta");
    if (!asContent) {
      delta.put("reasoning_content", turnText(turn));
    }
    choice.putNull("finish_reason");
    ObjectNode fields = turnUsage(turnFields(root.putObject("trinity").putObject("turn"), turn), turn.usage());
    if (asContent) {
      fields.put("streamed_as", "content");
    }
    return bytes(root);
  }

  /** A turn's text as the client sees it: headed like the transcript the pool sees. */
  static String turnText(PlayedTurn turn) {
    return turnHeader(turn.number(), turn.turn().role(), turn.turn().model()) + turn.turn().reply() + "\n\n";
  }

  /** The line that heads a turn's text, known before its reply. */
  static String turnHeader(int turn, Role role, String model) {
    return "### Turn " + turn + " | " + role.title() + " | " + model + "\n";
  }

  /** The last chunk before {@code [DONE]}: no choices, the usage of every turn and its breakdown. */
  static byte[] usageChunk(Header header, PlayedEpisode played, EpisodeFacts facts) {
    ObjectNode root = object(header, "chat.completion.chunk");
    root.putArray("choices");
    usage(root, played.turns());
    facts.write(root.putObject("trinity"), played);
    return bytes(root);
  }

  private static ObjectNode object(Header header, String object) {
    return MAPPER.createObjectNode().put("id", header.id()).put("object", object).put("created", header.created())
        .put("model", header.model());
  }

  private static void usage(ObjectNode root, List<PlayedTurn> turns) {
    UsageTotals totals = UsageTotals.of(turns);
    ObjectNode usage = root.putObject("usage").put("prompt_tokens", totals.promptTokens())
        .put("completion_tokens", totals.completionTokens())
        .put("total_tokens", totals.promptTokens() + totals.completionTokens()).put("cost", totals.cost());
    turnBreakdown(usage, turns);
  }

  /** {@code usage.trinity.turns}: each turn's model, role, tokens and cost (and fallbacks). */
  static void turnBreakdown(ObjectNode usage, List<PlayedTurn> turns) {
    ArrayNode breakdown = usage.putObject("trinity").putArray("turns");
    for (PlayedTurn turn : turns) {
      turnUsage(turnFields(breakdown.addObject(), turn), turn.usage());
    }
  }

  /** A turn's model and role, and when the head's choice failed, every call that failed before it was answered. */
  static ObjectNode turnFields(ObjectNode node, PlayedTurn turn) {
    node.put("turn", turn.number()).put("model", turn.turn().model())
        .put("role", turn.turn().role().name().toLowerCase(Locale.ROOT));
    if (!turn.fallbackFrom().isEmpty()) {
      ArrayNode failed = node.putArray("fallback_from");
      for (FailedCall call : turn.fallbackFrom()) {
        failed.addObject().put("model", call.model()).put("status", call.status()).put("error", call.reason());
      }
    }
    return node;
  }

  static ObjectNode turnUsage(ObjectNode node, Usage usage) {
    return node.put("prompt_tokens", usage.promptTokens()).put("completion_tokens", usage.completionTokens())
        .put("total_tokens", usage.totalTokens()).put("cost", usage.cost());
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /** The request's facts the {@code trinity} extension reports: what seeded the calls, so a client can replay. */
  record EpisodeFacts(String taskId, int seed) {
    ObjectNode write(ObjectNode trinity, PlayedEpisode played) {
      return trinity.put("task_id", taskId).put("seed", seed).put("turns", played.turns().size())
          .put("accepted_by_verifier", played.acceptedByVerifier());
    }
  }
}
