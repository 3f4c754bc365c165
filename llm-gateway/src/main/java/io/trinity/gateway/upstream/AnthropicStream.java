package io.trinity.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.http.EventStreamDecoder;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.StreamSink;
import java.io.IOException;

/**
 * An Anthropic Messages stream: {@code message_start} (with the prompt's {@code input_tokens}), content blocks
 * ({@code content_block_start}, {@code content_block_delta} with {@code text_delta} for the answer and
 * {@code thinking_delta} for the reasoning, kept apart), {@code message_delta} (stop reason and the cumulative
 * {@code output_tokens}), {@code message_stop}. {@code ping}, block stops, signature and tool deltas and event types
 * Anthropic adds later are skipped; an {@code error} event fails the call with the status its type stands for
 * ({@code overloaded_error} is 529, retryable as a whole reply's would be).
 */
final class AnthropicStream implements StreamDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final StreamSink sink;
    private final StringBuilder text = new StringBuilder();
    private boolean anyText;
    private Integer promptTokens;
    private Integer completionTokens;
    private String stopReason;
    private boolean done;

    AnthropicStream(String source, StreamSink sink) {
        this.source = source;
        this.sink = sink;
    }

    @Override
    public void event(EventStreamDecoder.Event event) {
        if (done) {
            return;
        }
        JsonNode root;
        try {
            root = JSON.readTree(event.data());
        } catch (IOException e) {
            throw new GatewayException(502, "invalid_response", "Anthropic stream event '" + event.name()
                    + "' is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new GatewayException(502, "invalid_response", "Anthropic stream event '" + event.name()
                    + "' is not a JSON object");
        }
        switch (root.path("type").asText(event.name())) {
            case "message_start" -> {
                JsonNode usage = root.path("message").path("usage");
                if (usage.path("input_tokens").canConvertToInt()) {
                    promptTokens = usage.path("input_tokens").asInt();
                    // message_start's output_tokens is a placeholder; the real count comes with message_delta.
                    sink.usage(promptTokens, null);
                }
            }
            case "content_block_start" -> {
                JsonNode block = root.path("content_block");
                switch (block.path("type").asText()) {
                    case "text" -> {
                        anyText = true;
                        text(block.path("text").asText(""));
                    }
                    case "thinking" -> reasoning(block.path("thinking").asText(""));
                    default -> {
                        // redacted_thinking, tool_use: nothing a reader of the answer can use
                    }
                }
            }
            case "content_block_delta" -> {
                JsonNode delta = root.path("delta");
                switch (delta.path("type").asText()) {
                    case "text_delta" -> text(delta.path("text").asText(""));
                    case "thinking_delta" -> reasoning(delta.path("thinking").asText(""));
                    default -> {
                        // signature_delta, input_json_delta
                    }
                }
            }
            case "message_delta" -> {
                if (root.path("delta").path("stop_reason").isTextual()) {
                    stopReason = root.path("delta").path("stop_reason").asText();
                }
                JsonNode usage = root.path("usage");
                if (usage.path("input_tokens").canConvertToInt()) {
                    promptTokens = usage.path("input_tokens").asInt();
                }
                if (usage.path("output_tokens").canConvertToInt()) {
                    completionTokens = usage.path("output_tokens").asInt();
                }
                sink.usage(promptTokens, completionTokens);
            }
            case "message_stop" -> done = true;
            case "error" -> throw error(root.path("error"));
            default -> {
                // ping, content_block_stop, and event types added after this was written
            }
        }
    }

    @Override
    public ProviderReply end() {
        if (!done) {
            throw new GatewayException(0, "connection_error", "the stream from " + source
                    + " ended before message_stop");
        }
        if (!anyText) {
            throw new GatewayException(502, "invalid_response", "Anthropic stream has no text content block");
        }
        return new ProviderReply(text.toString(), AnthropicProvider.finishReason(stopReason),
                promptTokens == null ? 0 : promptTokens, completionTokens == null ? 0 : completionTokens);
    }

    private void text(String piece) {
        if (!piece.isEmpty()) {
            text.append(piece);
            sink.accept(piece);
        }
    }

    private void reasoning(String piece) {
        if (!piece.isEmpty()) {
            sink.reasoning(piece);
        }
    }

    /** The HTTP status Anthropic answers each error type with, so that retries treat the event as they would it. */
    private static GatewayException error(JsonNode error) {
        String type = error.path("type").asText("api_error");
        int status = switch (type) {
            case "invalid_request_error" -> 400;
            case "authentication_error" -> 401;
            case "permission_error" -> 403;
            case "not_found_error" -> 404;
            case "request_too_large" -> 413;
            case "rate_limit_error" -> 429;
            case "api_error" -> 500;
            case "overloaded_error" -> 529;
            default -> 502;
        };
        return new GatewayException(status, type, "Anthropic stream error: " + error.path("message").asText(type));
    }
}
