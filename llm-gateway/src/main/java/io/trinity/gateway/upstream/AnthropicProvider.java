package io.trinity.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.http.HttpReply;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.StreamSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Anthropic's native Messages API ({@code POST {base_url}/messages}). System messages become the top-level
 * {@code system} text; the reply's text blocks are joined; {@code stop_reason} maps to OpenAI's finish reasons.
 * The Messages API requires {@code max_tokens}, so requests without one (and an entry without a default) get
 * {@value #FALLBACK_MAX_TOKENS}. An entry with a thinking budget sends {@code thinking} and no temperature (the
 * API refuses one with thinking); the reply's thinking blocks are left out of the answer. A streamed call reads the
 * Messages stream ({@link AnthropicStream}).
 */
final class AnthropicProvider implements Provider {

    static final String API_VERSION = "2023-06-01";
    static final int FALLBACK_MAX_TOKENS = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteModelSpec spec;
    private final Endpoint endpoint;
    private final Map<String, String> headers;

    AnthropicProvider(RemoteModelSpec spec, String apiKey, EventLoops loops) {
        this.spec = spec;
        this.endpoint = new Endpoint(spec, "/messages", loops, apiKey);
        this.headers = apiKey == null || apiKey.isEmpty() ? Map.of("anthropic-version", API_VERSION)
                : Map.of("anthropic-version", API_VERSION, "x-api-key", apiKey);
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        return endpoint.post(headers, body(Upstreams.withDefaults(request, spec), spec.api().thinkingBudget())
                .toString().getBytes(StandardCharsets.UTF_8), this::decode);
    }

    /** Streamed with {@code stream: true}; thinking deltas go to the sink's reasoning, apart from the answer. */
    @Override
    public CompletableFuture<ProviderReply> stream(ChatRequest request, StreamSink deltas) {
        ObjectNode body = body(Upstreams.withDefaults(request, spec), spec.api().thinkingBudget());
        body.put("stream", true);
        return endpoint.stream(headers, body.toString().getBytes(StandardCharsets.UTF_8), this::decode,
                new AnthropicStream(endpoint.toString(), deltas), deltas);
    }

    @Override
    public void close() {
        endpoint.close();
    }

    private static ObjectNode body(ChatRequest request, Integer thinkingBudget) {
        ObjectNode root = JSON.createObjectNode().put("model", request.model())
                .put("max_tokens", request.maxTokens() != null ? request.maxTokens() : FALLBACK_MAX_TOKENS);
        StringBuilder system = new StringBuilder();
        ArrayNode messages = root.putArray("messages");
        for (ChatMessage m : request.messages()) {
            if (m.role().equals("system")) {
                system.append(system.isEmpty() ? "" : "\n\n").append(m.content());
            } else {
                messages.addObject().put("role", m.role()).put("content", m.content());
            }
        }
        if (!system.isEmpty()) {
            root.put("system", system.toString());
        }
        if (request.temperature() != null) {
            root.put("temperature", request.temperature());
        }
        if (thinkingBudget != null) {
            root.putObject("thinking").put("type", "enabled").put("budget_tokens", thinkingBudget);
        }
        return root;
    }

    private ProviderReply decode(HttpReply response) {
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new GatewayException(response.status() / 100 == 2 ? 502 : response.status(),
                    "invalid_response", "Anthropic response is not JSON (HTTP " + response.status() + ")");
        }
        if (response.status() / 100 != 2) {
            JsonNode err = root.path("error");
            throw new GatewayException(response.status(), err.path("type").asText("api_error"),
                    endpoint.redact(err.path("message").asText("HTTP " + response.status())), null, null,
                    Endpoint.retryAfter(response));
        }
        StringBuilder text = new StringBuilder();
        boolean any = false;
        for (JsonNode block : root.path("content")) {
            if ("text".equals(block.path("type").asText())) {
                text.append(block.path("text").asText());
                any = true;
            }
        }
        if (!any) {
            throw new GatewayException(502, "invalid_response", "Anthropic response has no text content block");
        }
        JsonNode usage = root.path("usage");
        return new ProviderReply(text.toString(), finishReason(root.path("stop_reason").asText(null)),
                usage.path("input_tokens").asInt(0), usage.path("output_tokens").asInt(0));
    }

    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "end_turn", "stop_sequence" -> "stop";
            default -> stopReason;
        };
    }
}
