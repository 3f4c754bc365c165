package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server-sent events, the metrics endpoint and bearer authentication, over loopback HTTP. */
class StreamingAndEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "gw-token-3f9a1c";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dir;

    private GatewayServer gateway(String top, List<KeyEntry> questions) {
        return GatewayServer.builder()
                .pool(PoolConfig.parse(top + Fixtures.simPool("sim-a", 0.5, 0, 0), "endpoint-pool"))
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), questions))
                .environment(Map.of("GW_TOKEN", TOKEN))
                .build().start();
    }

    private HttpResponse<String> send(GatewayServer gateway, String method, String path, String body,
            String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String prompt, boolean stream) throws Exception {
        var root = JSON.createObjectNode().put("model", "sim-a").put("seed", 4).put("stream", stream);
        var messages = root.putArray("messages");
        Fixtures.turn("Worker", prompt).forEach(m -> messages.addObject().put("role", m.role())
                .put("content", m.content()));
        root.putObject("stream_options").put("include_usage", true);
        return JSON.writeValueAsString(root);
    }

    @Test
    void aStreamedReplyIsTheSameReplyInOpenAiChunks() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(2, "gsm8k");
        try (GatewayServer gateway = gateway("", qs)) {
            JsonNode plain = JSON.readTree(send(gateway, "POST", "/v1/chat/completions", body(qs.get(1).prompt(),
                    false)).body());
            HttpResponse<String> streamed = send(gateway, "POST", "/v1/chat/completions",
                    body(qs.get(1).prompt(), true));
            assertEquals(200, streamed.statusCode());
            assertEquals("text/event-stream", streamed.headers().firstValue("Content-Type").orElse(""));
            List<String> data = new ArrayList<>();
            for (String event : streamed.body().split("\n\n")) {
                assertTrue(event.startsWith("data: "), event);
                data.add(event.substring("data: ".length()));
            }
            assertEquals("[DONE]", data.get(data.size() - 1));
            StringBuilder content = new StringBuilder();
            String finish = null;
            JsonNode usage = null;
            for (String d : data.subList(0, data.size() - 1)) {
                JsonNode chunk = JSON.readTree(d);
                assertEquals("chat.completion.chunk", chunk.path("object").asText());
                assertEquals("sim-a", chunk.path("model").asText());
                if (chunk.path("usage").isObject()) {
                    usage = chunk.path("usage");
                    assertEquals(0, chunk.path("choices").size());
                    continue;
                }
                JsonNode choice = chunk.path("choices").path(0);
                content.append(choice.path("delta").path("content").asText(""));
                if (!choice.path("finish_reason").isNull()) {
                    finish = choice.path("finish_reason").asText();
                }
            }
            assertEquals("assistant", JSON.readTree(data.get(0)).path("choices").path(0).path("delta")
                    .path("role").asText());
            assertTrue(data.size() > 5, "a reply of " + content.length() + " chars in " + data.size() + " events");
            assertEquals(plain.path("choices").path(0).path("message").path("content").asText(), content.toString());
            assertEquals("stop", finish);
            assertEquals(plain.path("usage"), usage);
        }
    }

    @Test
    void metricsShowRequestsLatencyTokensAndCost() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(3, "gsm8k");
        try (GatewayServer gateway = gateway("", qs);
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            for (KeyEntry q : qs) {
                client.chat(ChatRequest.of("sim-a", Fixtures.turn("Worker", q.prompt()))).join();
            }
            send(gateway, "POST", "/v1/chat/completions", "{\"model\": \"nope\", \"messages\": []}");
            HttpResponse<String> metrics = send(gateway, "GET", "/metrics", null);
            assertEquals(200, metrics.statusCode());
            String text = metrics.body();
            assertTrue(text.contains("gateway_request_seconds_count{model=\"sim-a\",status=\"200\",} 3.0"), text);
            assertTrue(text.contains("gateway_request_seconds_bucket{model=\"sim-a\",status=\"200\",le="), text);
            assertTrue(text.contains("gateway_request_seconds_count{model=\"none\",status=\"400\",} 1.0"), text);
            assertTrue(text.contains("gateway_upstream_calls_total{model=\"sim-a\",outcome=\"success\",} 3.0"), text);
            assertTrue(text.contains("gateway_tokens_total{direction=\"completion\",model=\"sim-a\",role=\"untagged\""),
                    text);
            assertTrue(text.contains("gateway_cost_usd_total{model=\"sim-a\",role=\"untagged\",}"), text);
            assertTrue(text.contains("gateway_circuit_open{model=\"sim-a\",} 0.0"), text);
            assertTrue(text.contains("gateway_upstream_retries_total{model=\"sim-a\",} 0.0"), text);
        }
    }

    @Test
    void withATokenEveryEndpointButHealthzNeedsIt() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(1, "gsm8k");
        try (GatewayServer gateway = gateway("auth_token_env: GW_TOKEN\n", qs)) {
            HttpResponse<String> anonymous = send(gateway, "POST", "/v1/chat/completions", body("q", false));
            assertEquals(401, anonymous.statusCode());
            assertEquals("invalid_api_key", JSON.readTree(anonymous.body()).path("error").path("code").asText());
            assertFalse(anonymous.body().contains(TOKEN));
            assertEquals(401, send(gateway, "GET", "/v1/models", null, "Authorization", "Bearer wrong").statusCode());
            assertEquals(401, send(gateway, "GET", "/metrics", null).statusCode());
            assertEquals(200, send(gateway, "GET", "/healthz", null).statusCode());
            assertEquals(200, send(gateway, "GET", "/v1/models", null, "Authorization", "Bearer " + TOKEN)
                    .statusCode());
            try (OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).apiKey(TOKEN).build()) {
                assertTrue(client.chat(ChatRequest.of("sim-a", Fixtures.turn("Worker", qs.get(0).prompt())))
                        .join().content().contains("\\boxed{"));
            }
        }
    }
}
