package io.trinity.driver.serve;

import static io.trinity.driver.serve.CompletionRequests.badRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a Responses API body ({@code POST /v1/responses}) for a served coordinator, text only: {@code input} is a
 * string (the question) or a list of messages whose content is a string or text parts, the last one the user's
 * question and the others context; {@code instructions} is a system message before them. {@code temperature},
 * {@code max_output_tokens} and {@code stream} mean what they mean for chat completions. The Responses API has no
 * seed, so {@code trinity.seed} takes its place. What this server cannot honour is refused with a 400 naming the
 * field rather than ignored: tools, and {@code previous_response_id} (it stores no responses).
 */
final class ResponsesRequests {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> EXTENSION_KEYS = Set.of("include_transcript", "answer_format", "task_id", "seed");
  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");
  private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text");

  private ResponsesRequests() {}

  static CompletionRequest parse(byte[] body, String transcriptHeader) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw badRequest(null, "the body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw badRequest(null, "the body must be a JSON object");
    }
    String model = text(root, "model");
    if (model == null || model.isBlank()) {
      throw badRequest("model", "'model' is required");
    }
    refuse(root, "previous_response_id", "this server stores no responses: send the whole conversation as "
        + "'input'");
    JsonNode tools = root.get("tools");
    if (tools != null && !tools.isNull() && !(tools.isArray() && tools.isEmpty())) {
      throw badRequest("tools", "a served coordinator answers in text only: tools are not supported");
    }
    List<ChatMessage> messages = new ArrayList<>();
    String instructions = text(root, "instructions");
    if (instructions != null) {
      messages.add(new ChatMessage("system", instructions));
    }
    messages.addAll(input(root.get("input")));
    ChatMessage last = messages.get(messages.size() - 1);
    if (!last.role().equals("user")) {
      throw badRequest("input", "the last input message must be the user's: its text is the question the "
          + "coordinator answers (got a '" + last.role() + "' message last)");
    }
    if (last.content().isBlank()) {
      throw badRequest("input", "the last user message is empty");
    }
    JsonNode extension = CompletionRequests.extension(root.get("trinity"), EXTENSION_KEYS);
    JsonNode seed = extension.get("seed");
    if (seed != null && !seed.isNull() && !seed.isIntegralNumber()) {
      throw badRequest("trinity.seed", "'trinity.seed' must be an integer");
    }
    return new CompletionRequest(model, last.content(), messages.subList(0, messages.size() - 1),
        temperature(root), maxOutputTokens(root),
        seed == null || seed.isNull() ? null : CompletionRequests.sampleIndex("trinity.seed", seed.asLong()),
        flag(root, "stream"), true, CompletionRequests.includeTranscript(extension, transcriptHeader),
        CompletionRequests.answerFormat(extension), CompletionRequests.taskId(extension));
  }

  private static List<ChatMessage> input(JsonNode input) {
    if (input == null || input.isNull()) {
      throw badRequest("input", "'input' is required: the question, or a list of messages ending with it");
    }
    if (input.isTextual()) {
      return List.of(new ChatMessage("user", input.asText()));
    }
    if (!input.isArray() || input.isEmpty()) {
      throw badRequest("input", "'input' must be a string or a non-empty list of messages");
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      messages.add(message(input.get(i), "input[" + i + "]"));
    }
    return messages;
  }

  private static ChatMessage message(JsonNode item, String field) {
    if (!item.isObject()) {
      throw badRequest(field, "'" + field + "' must be a message object");
    }
    String type = text(item, "type");
    if (type != null && !type.equals("message")) {
      throw badRequest(field + ".type", "only messages are supported as input, got '" + type + "'");
    }
    String role = text(item, "role");
    if (role == null || !ROLES.contains(role)) {
      throw badRequest(field + ".role", "'" + field + ".role' must be one of " + ROLES);
    }
    // Pool models speak chat completions, where the developer's messages are system messages.
    return new ChatMessage(role.equals("developer") ? "system" : role, content(item.get("content"),
        field + ".content"));
  }

  private static String content(JsonNode content, String field) {
    if (content != null && content.isTextual()) {
      return content.asText();
    }
    if (content == null || !content.isArray()) {
      throw badRequest(field, "'" + field + "' must be a string or a list of text parts");
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String type = part.isObject() ? text(part, "type") : null;
      if (type == null || !TEXT_PARTS.contains(type) || !part.path("text").isTextual()) {
        throw badRequest(field + "[" + i + "]", "only text parts (" + TEXT_PARTS + " with 'text') are supported");
      }
      text.append(part.get("text").asText());
    }
    return text.toString();
  }

  private static Double temperature(JsonNode root) {
    JsonNode value = root.get("temperature");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber() || value.asDouble() < 0 || value.asDouble() > 2) {
      throw badRequest("temperature", "'temperature' must be a number between 0 and 2");
    }
    return value.asDouble();
  }

  private static Integer maxOutputTokens(JsonNode root) {
    JsonNode value = root.get("max_output_tokens");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
      throw badRequest("max_output_tokens", "'max_output_tokens' must be a positive integer");
    }
    return value.asInt();
  }

  private static boolean flag(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw badRequest(field, "'" + field + "' must be a boolean");
    }
    return value.asBoolean();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw badRequest(field, "'" + field + "' must be a string");
    }
    return value.asText();
  }

  private static void refuse(JsonNode root, String field, String why) {
    JsonNode value = root.get(field);
    if (value != null && !value.isNull()) {
      throw badRequest(field, "'" + field + "' is not supported: " + why);
    }
  }
}
