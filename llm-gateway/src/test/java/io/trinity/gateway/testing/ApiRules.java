package io.trinity.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.util.function.Function;

/**
 * The parameter checks of real APIs, for {@link ScriptedUpstream#rules}: each refuses a body the way its API does
 * (HTTP 400 with that API's error body and message, as the providers' documentation and replies show them), and
 * returns null for a body it takes.
 */
public final class ApiRules {

    private ApiRules() {
    }

    /**
     * OpenAI's reasoning models (o1, o3, o4-mini, gpt-5): {@code max_tokens} is an unsupported parameter (they take
     * {@code max_completion_tokens}), and temperature has only its default value, 1.
     */
    public static Reply openAiReasoning(JsonNode body) {
        if (body.has("max_tokens")) {
            return openAiError("Unsupported parameter: 'max_tokens' is not supported with this model. Use "
                    + "'max_completion_tokens' instead.", "max_tokens", "unsupported_parameter");
        }
        if (body.has("temperature") && body.get("temperature").asDouble() != 1.0) {
            return openAiError("Unsupported value: 'temperature' does not support " + body.get("temperature")
                    + " with this model. Only the default (1) value is supported.", "temperature",
                    "unsupported_value");
        }
        return null;
    }

    /** An endpoint that takes no reply cap at all, in either field. */
    public static Reply noTokenCap(JsonNode body) {
        for (String field : new String[] {"max_tokens", "max_completion_tokens"}) {
            if (body.has(field)) {
                return openAiError("Unrecognized request argument supplied: " + field, field, "unknown_parameter");
            }
        }
        return null;
    }

    /**
     * OpenAI's context-length check, with the window counted as four characters a token (a real tokenizer counts
     * fewer tokens than the gateway's upper estimate, so a prompt the gateway cut to fit always fits here).
     */
    public static Function<JsonNode, Reply> openAiContext(int contextTokens) {
        return body -> {
            long chars = 0;
            for (JsonNode m : body.path("messages")) {
                chars += m.path("content").asText().length();
            }
            long tokens = chars / 4 + body.path("max_tokens").asLong(0);
            if (tokens <= contextTokens) {
                return null;
            }
            return openAiError("This model's maximum context length is " + contextTokens + " tokens. However, you "
                    + "requested " + tokens + " tokens. Please reduce the length of the messages or completion.",
                    "messages", "context_length_exceeded");
        };
    }

    /**
     * Anthropic's Messages API: {@code max_tokens} is required; with extended thinking, {@code budget_tokens} is at
     * least 1024 and below {@code max_tokens}, and temperature may only be 1.
     */
    public static Reply anthropic(JsonNode body) {
        if (!body.has("max_tokens")) {
            return anthropicError("max_tokens: Field required");
        }
        JsonNode thinking = body.get("thinking");
        if (thinking == null) {
            return null;
        }
        long budget = thinking.path("budget_tokens").asLong(0);
        if (!"enabled".equals(thinking.path("type").asText()) || budget < 1024) {
            return anthropicError("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
        }
        if (budget >= body.get("max_tokens").asLong()) {
            return anthropicError("`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our "
                    + "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-"
                    + "and-context-window-size");
        }
        if (body.has("temperature") && body.get("temperature").asDouble() != 1.0) {
            return anthropicError("`temperature` may only be set to 1 when thinking is enabled. Please consult our "
                    + "documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking"
                    + "#feature-compatibility");
        }
        return null;
    }

    private static Reply openAiError(String message, String param, String code) {
        return Reply.status(400, "{\"error\": {\"message\": " + quote(message) + ", \"type\": "
                + "\"invalid_request_error\", \"param\": " + quote(param) + ", \"code\": " + quote(code) + "}}");
    }

    private static Reply anthropicError(String message) {
        return Reply.status(400, "{\"type\": \"error\", \"error\": {\"type\": \"invalid_request_error\", "
                + "\"message\": " + quote(message) + "}}");
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
