package io.trinity.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.AsyncHttp;
import io.trinity.gateway.client.RetryAfter;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Anthropic's native Messages API ({@code POST {base_url}/messages}). System messages become the top-level
 * {@code system} text; the reply's text blocks are joined; {@code stop_reason} maps to OpenAI's finish reasons.
 * The Messages API requires {@code max_tokens}, so requests without one (and an entry without a default) get
 * {@value #FALLBACK_MAX_TOKENS}.
 */
final class AnthropicProvider implements Provider {

    static final String API_VERSION = "2023-06-01";
    static final int FALLBACK_MAX_TOKENS = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteModelSpec spec;
    private final String apiKey;
    private final URI messagesUrl;
    private final HttpClient http;

    AnthropicProvider(RemoteModelSpec spec, String apiKey) {
        this.spec = spec;
        this.apiKey = apiKey;
        this.messagesUrl = URI.create(spec.baseUrl().toString().replaceAll("/+$", "") + "/messages");
        this.http = HttpClient.newBuilder()
                .version("https".equalsIgnoreCase(messagesUrl.getScheme()) ? HttpClient.Version.HTTP_2
                        : HttpClient.Version.HTTP_1_1)
                .connectTimeout(spec.limits().timeout())
                .build();
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        HttpRequest.Builder httpRequest = HttpRequest.newBuilder(messagesUrl)
                .timeout(spec.limits().timeout())
                .header("Content-Type", "application/json")
                .header("anthropic-version", API_VERSION)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(Upstreams.withDefaults(request, spec))));
        if (apiKey != null) {
            httpRequest.header("x-api-key", apiKey);
        }
        return AsyncHttp.send(http, httpRequest.build(), this::decode);
    }

    private static byte[] body(ChatRequest request) {
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
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private ProviderReply decode(HttpResponse<byte[]> response, Throwable error) {
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            GatewayException e = cause instanceof HttpTimeoutException
                    ? new GatewayException(0, "timeout", "no response from " + messagesUrl + " within "
                            + spec.limits().timeout())
                    : new GatewayException(0, "connection_error",
                            "request to " + messagesUrl + " failed: " + redact(String.valueOf(cause)));
            e.initCause(cause);
            throw e;
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new GatewayException(response.statusCode() / 100 == 2 ? 502 : response.statusCode(),
                    "invalid_response", "Anthropic response is not JSON (HTTP " + response.statusCode() + ")");
        }
        if (response.statusCode() / 100 != 2) {
            JsonNode err = root.path("error");
            throw new GatewayException(response.statusCode(), err.path("type").asText("api_error"),
                    redact(err.path("message").asText("HTTP " + response.statusCode())), null, null,
                    RetryAfter.parse(response.headers()));
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

    private static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "max_tokens" -> "length";
            case "end_turn", "stop_sequence" -> "stop";
            default -> stopReason;
        };
    }

    private String redact(String message) {
        return apiKey == null || message == null ? message : message.replace(apiKey, "[redacted]");
    }
}
