package io.trinity.driver.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.gateway.api.ChatCall;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a chat-completions body for a served coordinator. The OpenAI fields are read by the gateway's own parser,
 * so both servers accept and refuse the same bodies; on top of that the query must be the last message, the seed a
 * sample index, and the {@code trinity} extension object holds only the keys this server knows. Every problem is a
 * 400 naming the field.
 */
public final class CompletionRequests {
  /** A header that asks for the transcript as {@code "trinity": {"include_transcript": true}} does. */
  public static final String TRANSCRIPT_HEADER = "X-Trinity-Include-Transcript";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> EXTENSION_KEYS = Set.of("include_transcript", "answer_format", "task_id");

  private CompletionRequests() {}

  public static CompletionRequest parse(byte[] body, String transcriptHeader) {
    ChatCall call = OpenAiJson.readRequest(body);
    ChatRequest request = call.request();
    List<ChatMessage> messages = request.messages();
    ChatMessage last = messages.get(messages.size() - 1);
    if (!last.role().equals("user")) {
      throw badRequest("messages", "the last message must be the user's: its text is the question the coordinator "
          + "answers (got a '" + last.role() + "' message last)");
    }
    if (last.content().isBlank()) {
      throw badRequest("messages[" + (messages.size() - 1) + "].content", "the last user message is empty");
    }
    Integer seed = request.seed() == null ? null : sampleIndex("seed", request.seed());
    JsonNode extension = extension(tree(body).get("trinity"), EXTENSION_KEYS);
    boolean transcript = includeTranscript(extension, transcriptHeader);
    return new CompletionRequest(request.model(), last.content(), messages.subList(0, messages.size() - 1),
        request.temperature(), request.maxTokens(), seed, call.stream(), call.includeUsage(), transcript,
        answerFormat(extension), taskId(extension));
  }

  /** A seed as the sample index of the pool's calls. */
  static int sampleIndex(String param, long seed) {
    if (seed < 0 || seed > Integer.MAX_VALUE) {
      throw badRequest(param, "'" + param + "' must be between 0 and " + Integer.MAX_VALUE
          + ": it is the sample index of the pool's calls");
    }
    return (int) seed;
  }

  private static JsonNode tree(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      // readRequest has parsed the same bytes already.
      throw new IllegalStateException("a body read once could not be read again", e);
    }
  }

  /** The {@code trinity} extension object, empty when absent; a key outside {@code known} is a 400. */
  static JsonNode extension(JsonNode trinity, Set<String> known) {
    if (trinity == null || trinity.isNull()) {
      return MAPPER.createObjectNode();
    }
    if (!trinity.isObject()) {
      throw badRequest("trinity", "'trinity' must be an object with any of " + known);
    }
    for (Iterator<String> keys = trinity.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!known.contains(key)) {
        throw badRequest("trinity." + key, "unknown key 'trinity." + key + "'; known: " + known);
      }
    }
    return trinity;
  }

  /** {@code include_transcript} from the extension or the header. */
  static boolean includeTranscript(JsonNode extension, String transcriptHeader) {
    return flag(extension, "include_transcript")
        || (transcriptHeader != null && transcriptHeader.strip().equalsIgnoreCase("true"));
  }

  private static boolean flag(JsonNode extension, String key) {
    JsonNode value = extension.get(key);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw badRequest("trinity." + key, "'trinity." + key + "' must be a boolean");
    }
    return value.asBoolean();
  }

  /** Math by default: it asks for a boxed answer, which suits numbers and expressions alike. */
  static AnswerFormat answerFormat(JsonNode extension) {
    JsonNode value = extension.get("answer_format");
    if (value == null || value.isNull()) {
      return AnswerFormat.MATH;
    }
    try {
      return AnswerFormat.fromWireName(value.isTextual() ? value.asText().toLowerCase(Locale.ROOT) : "");
    } catch (IllegalArgumentException e) {
      throw badRequest("trinity.answer_format", "'trinity.answer_format': " + e.getMessage());
    }
  }

  static String taskId(JsonNode extension) {
    JsonNode value = extension.get("task_id");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw badRequest("trinity.task_id", "'trinity.task_id' must be a non-empty string");
    }
    return value.asText();
  }

  static GatewayException badRequest(String param, String message) {
    return new GatewayException(400, "invalid_request_error", message, param, null);
  }
}
