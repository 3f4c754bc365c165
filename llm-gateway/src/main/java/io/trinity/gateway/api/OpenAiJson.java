package io.trinity.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The OpenAI chat-completions wire format, shared by client and server so both sides agree by construction.
 * Unknown request fields are ignored (clients send top_p, user, ...), except {@code n} other than 1, which is
 * refused rather than silently answered with one choice.
 */
public final class OpenAiJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private OpenAiJson() {
    }

    public static byte[] writeRequest(ChatRequest request) {
        return bytes(requestNode(request, "max_tokens"));
    }

    /**
     * The request with its token cap under {@code maxTokensField}: OpenAI's reasoning models refuse
     * {@code max_tokens} and take {@code max_completion_tokens}.
     */
    public static byte[] writeRequest(ChatRequest request, String maxTokensField) {
        return bytes(requestNode(request, maxTokensField));
    }

    /** The request with {@code stream: true} and {@code stream_options.include_usage}, for a streamed call. */
    public static byte[] writeStreamRequest(ChatRequest request) {
        return writeStreamRequest(request, "max_tokens");
    }

    /** {@link #writeStreamRequest(ChatRequest)} with the token cap under {@code maxTokensField}. */
    public static byte[] writeStreamRequest(ChatRequest request, String maxTokensField) {
        ObjectNode root = requestNode(request, maxTokensField);
        root.put("stream", true);
        root.putObject("stream_options").put("include_usage", true);
        return bytes(root);
    }

    /**
     * One {@code data:} payload of a streamed completion, read: the delta's text (null when none), its reasoning
     * text (vLLM's and DeepSeek's {@code reasoning_content}, or {@code reasoning}; null when none), the finish
     * reason, the usage (null when the chunk has none), or the error of an error event (then the rest is null).
     */
    public record StreamChunk(String content, String reasoning, String finishReason, Usage usage,
            GatewayException error) {
    }

    /**
     * Reads one {@code data:} payload of a chat-completions stream. An error event (an OpenAI error object in the
     * stream, which servers send when a stream fails after it started) becomes a 502 with the error's fields.
     */
    public static StreamChunk readChunk(String data) {
        JsonNode root;
        try {
            root = MAPPER.readTree(data);
        } catch (IOException e) {
            throw new GatewayException(502, "invalid_response", "stream chunk is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new GatewayException(502, "invalid_response", "stream chunk is not a JSON object");
        }
        if (root.has("error")) {
            return new StreamChunk(null, null, null, null,
                    readError(502, data.getBytes(StandardCharsets.UTF_8)));
        }
        if ("error".equals(root.path("object").asText())) {
            // vLLM's error object, at the top level: its code is the HTTP status it would have answered with.
            int status = root.path("code").canConvertToInt() && root.path("code").asInt() >= 400
                    ? root.path("code").asInt() : 502;
            return new StreamChunk(null, null, null, null, new GatewayException(status,
                    root.path("type").asText("api_error"), root.path("message").asText("error event")));
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode delta = choice.path("delta");
        JsonNode content = delta.get("content");
        JsonNode reasoning = delta.has("reasoning_content") ? delta.get("reasoning_content") : delta.get("reasoning");
        JsonNode usage = root.get("usage");
        return new StreamChunk(content != null && content.isTextual() ? content.asText() : null,
                reasoning != null && reasoning.isTextual() ? reasoning.asText() : null,
                choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null,
                usage == null || !usage.isObject() ? null : new Usage(usage.path("prompt_tokens").asInt(0),
                        usage.path("completion_tokens").asInt(0), usage.path("cost").asDouble(0.0)),
                null);
    }

    private static ObjectNode requestNode(ChatRequest request, String maxTokensField) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("model", request.model());
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            messages.addObject().put("role", m.role()).put("content", m.content());
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        if (request.maxTokens() != null) {
            root.put(maxTokensField, request.maxTokens());
        }
        if (request.seed() != null) {
            root.put("seed", request.seed());
        }
        if (request.reasoningEffort() != null) {
            root.put("reasoning_effort", request.reasoningEffort());
        }
        return root;
    }

    /**
     * Parses a request body; every problem is a 400 {@link GatewayException} naming the offending field. The
     * tags come from headers, so the returned request has none.
     */
    public static ChatCall readRequest(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw badRequest(null, "malformed JSON body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw badRequest(null, "unreadable body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw badRequest(null, "the request body must be a JSON object");
        }
        Boolean stream = optional(root, "stream", JsonNode::isBoolean, "a boolean", JsonNode::asBoolean);
        Integer n = optional(root, "n", JsonNode::isIntegralNumber, "an integer", JsonNode::asInt);
        if (n != null && n != 1) {
            throw badRequest("n", "'n' must be 1: the gateway returns one choice per request");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw badRequest("model", "'model' must be a non-empty string");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw badRequest("messages", "'messages' must be a non-empty array");
        }
        List<ChatMessage> parsed = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            parsed.add(readMessage(messages.get(i), "messages[" + i + "]"));
        }
        Double temperature = optional(root, "temperature", t -> t.isNumber() && t.asDouble() >= 0
                && t.asDouble() <= 2, "a number between 0 and 2", JsonNode::asDouble);
        Integer maxTokens = optional(root, "max_tokens", OpenAiJson::isPositiveInt, "a positive integer",
                JsonNode::asInt);
        if (maxTokens == null) {
            maxTokens = optional(root, "max_completion_tokens", OpenAiJson::isPositiveInt, "a positive integer",
                    JsonNode::asInt);
        }
        ChatRequest request = new ChatRequest(model.asText(), parsed, temperature, maxTokens,
                optional(root, "seed", s -> s.isIntegralNumber() && s.canConvertToLong(), "an integer",
                        JsonNode::asLong),
                optional(root, "reasoning_effort", JsonNode::isTextual, "a string", JsonNode::asText), null, null);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        return new ChatCall(request, Boolean.TRUE.equals(stream), includeUsage);
    }

    /**
     * One server-sent chunk of a streamed completion ({@code chat.completion.chunk}). {@code role} and
     * {@code content} go into the delta when non-null; {@code usage}, when non-null, makes this the final usage
     * chunk with no choices.
     */
    public static byte[] writeChunk(String id, long created, String model, String role, String content,
            String finishReason, Usage usage) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
        ArrayNode choices = root.putArray("choices");
        if (usage != null) {
            writeUsage(root, usage);
            return bytes(root);
        }
        ObjectNode choice = choices.addObject().put("index", 0);
        ObjectNode delta = choice.putObject("delta");
        if (role != null) {
            delta.put("role", role);
        }
        if (content != null) {
            delta.put("content", content);
        }
        choice.put("finish_reason", finishReason);
        return bytes(root);
    }

    /**
     * A chunk whose delta carries {@code reasoning_content}, the field vLLM and DeepSeek stream a model's
     * reasoning in, which OpenAI's clients pass through and do not mix into the answer.
     */
    public static byte[] writeReasoningChunk(String id, long created, String model, String reasoning) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("id", id)
                .put("object", "chat.completion.chunk")
                .put("created", created)
                .put("model", model);
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("reasoning_content", reasoning);
        choice.putNull("finish_reason");
        return bytes(root);
    }

    public static byte[] writeResponse(ChatResponse response, long createdEpochSecond) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("id", response.id())
                .put("object", "chat.completion")
                .put("created", createdEpochSecond)
                .put("model", response.model());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", response.content());
        choice.put("finish_reason", response.finishReason());
        writeUsage(root, response.usage());
        return bytes(root);
    }

    private static void writeUsage(ObjectNode root, Usage usage) {
        root.putObject("usage")
                .put("prompt_tokens", usage.promptTokens())
                .put("completion_tokens", usage.completionTokens())
                .put("total_tokens", usage.totalTokens())
                .put("cost", usage.cost());
    }

    /**
     * Parses a successful response. Upstreams that report no cost (real OpenAI) get cost 0; the gateway prices
     * calls itself. A body without a text answer is a 502: the upstream broke the protocol.
     */
    public static ChatResponse readResponse(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new GatewayException(502, "invalid_response", "response is not JSON: " + e.getMessage());
        }
        JsonNode content = root == null ? null : root.path("choices").path(0).path("message").get("content");
        JsonNode finish = root == null ? null : root.path("choices").path(0).get("finish_reason");
        // OpenAI sends content null with a finish reason when a content filter stopped the reply: an answer of
        // nothing that the caller classifies (CallFailure.ofReply), not a broken protocol worth retrying.
        if (content != null && content.isNull() && finish != null && finish.isTextual()) {
            content = MAPPER.getNodeFactory().textNode("");
        }
        if (content == null || !content.isTextual()) {
            throw new GatewayException(502, "invalid_response", "response has no choices[0].message.content text");
        }
        JsonNode usage = root.path("usage");
        return new ChatResponse(
                root.path("id").asText(""),
                root.path("model").asText(""),
                content.asText(),
                root.path("choices").path(0).path("finish_reason").asText(null),
                new Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0),
                        usage.path("cost").asDouble(0.0)));
    }

    /** The {@code GET /v1/models} list; {@code ownerByModel} maps model ids, in order, to their provider. */
    public static byte[] writeModels(Map<String, String> ownerByModel) {
        ObjectNode root = MAPPER.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        ownerByModel.forEach((id, owner) ->
                data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", owner));
        return bytes(root);
    }

    public static byte[] writeError(GatewayException e) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putObject("error")
                .put("message", e.getMessage())
                .put("type", e.type())
                .put("param", e.param())
                .put("code", e.code());
        return bytes(root);
    }

    /**
     * A whole chat-completions reply: the response, or for a non-2xx status the error as an exception that carries
     * the server's requested wait and whose message went through {@code redact} (servers echo rejected keys).
     */
    public static ChatResponse readReply(int status, byte[] body, Duration retryAfter, UnaryOperator<String> redact) {
        if (status / 100 != 2) {
            GatewayException e = readError(status, body);
            throw new GatewayException(e.status(), e.type(), redact.apply(e.getMessage()), e.param(), e.code(),
                    retryAfter);
        }
        return readResponse(body);
    }

    /** Turns a failed HTTP response into an exception, keeping the OpenAI error fields when the body has them. */
    public static GatewayException readError(int status, byte[] body) {
        try {
            JsonNode error = MAPPER.readTree(body).path("error");
            if (error.path("message").isTextual()) {
                return new GatewayException(status, error.path("type").asText("api_error"),
                        error.path("message").asText(), error.path("param").asText(null),
                        error.path("code").asText(null));
            }
        } catch (IOException | RuntimeException e) {
            // Not an OpenAI error body (proxies answer in HTML or plain text): fall through to a raw excerpt.
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return new GatewayException(status, "http_error",
                "HTTP " + status + (text.isEmpty() ? "" : ": " + text.substring(0, Math.min(200, text.length()))));
    }

    private static ChatMessage readMessage(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw badRequest(where, where + " must be an object with 'role' and 'content'");
        }
        JsonNode role = node.get("role");
        JsonNode content = node.get("content");
        if (role == null || !role.isTextual() || !ChatMessage.ROLES.contains(role.asText())) {
            throw badRequest(where + ".role", where + ".role must be one of system, user, assistant");
        }
        return new ChatMessage(role.asText(), text(content, where + ".content"));
    }

    /** A string, or OpenAI's array of content parts when every part is text (clients send either). */
    private static String text(JsonNode content, String where) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw badRequest(where, where + " parts must be {\"type\": \"text\", \"text\": ...}");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw badRequest(where, where + " must be a string or an array of text parts");
    }

    private static boolean isPositiveInt(JsonNode node) {
        return node.isIntegralNumber() && node.canConvertToInt() && node.asInt() > 0;
    }

    /** Reads an optional field: null when absent or JSON null, a 400 when present with the wrong type. */
    private static <T> T optional(JsonNode root, String field, Predicate<JsonNode> ok, String expected,
            Function<JsonNode, T> read) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!ok.test(value)) {
            throw badRequest(field, "'" + field + "' must be " + expected);
        }
        return read.apply(value);
    }

    private static GatewayException badRequest(String param, String message) {
        return new GatewayException(400, "invalid_request_error", message, param, null);
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
