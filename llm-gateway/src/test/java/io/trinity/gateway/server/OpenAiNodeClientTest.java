package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import io.trinity.gateway.testing.NodeScripts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official OpenAI Node client (npm {@code openai}) against the gateway: the compatibility check. */
class OpenAiNodeClientTest {

    private static final String TOKEN = "node-client-token-77";

    @Test
    void theOfficialNodeClientListsModelsCompletesStreamsAndReadsErrors(@TempDir Path dir) throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(2, "gsm8k");
        PoolConfig pool = PoolConfig.parse("auth_token_env: GW_TOKEN\n" + Fixtures.simPool("sim-a", 0.5, 1, 2) + """
                  - name: sim-b
                    provider: sim
                    price: {input_per_mtok: 1, output_per_mtok: 1}
                    skills: {default: {thinker: 1, worker: 1, verifier: 1}}
                """, "node-pool");
        try (GatewayServer gateway = GatewayServer.builder().pool(pool)
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), qs))
                .environment(Map.of("GW_TOKEN", TOKEN)).build().start();
             OpenAiClient java = OpenAiClient.builder().baseUrl(gateway.baseUrl()).apiKey(TOKEN).build()) {
            String output = NodeScripts.run("openai-client-check.mjs", Map.of("GATEWAY_TOKEN", TOKEN),
                    gateway.baseUrl().toString(), "sim-a", qs.get(1).prompt());
            JsonNode out = new ObjectMapper().readTree(output);
            ChatResponse expected = java.chat(new ChatRequest("sim-a", Fixtures.turn("Worker", qs.get(1).prompt()),
                    null, null, 11L)).join();

            assertEquals("sim-a", out.path("models").path(0).path("id").asText());
            assertEquals("sim", out.path("models").path(1).path("owned_by").asText());
            assertEquals(2, out.path("models").size());

            assertEquals("chat.completion", out.path("plain").path("object").asText());
            assertEquals(expected.content(), out.path("plain").path("content").asText());
            assertEquals("stop", out.path("plain").path("finish_reason").asText());
            assertEquals(expected.usage().promptTokens(),
                    out.path("plain").path("usage").path("prompt_tokens").asInt());

            assertEquals(expected.content(), out.path("streamed").path("content").asText());
            assertTrue(out.path("streamed").path("chunks").asInt() > 3, out.path("streamed").toString());
            assertEquals("stop", out.path("streamed").path("finish_reason").asText());
            assertEquals(expected.usage().totalTokens(),
                    out.path("streamed").path("usage").path("total_tokens").asInt());

            JsonNode unknown = out.path("unknownModel");
            assertEquals("NotFoundError", unknown.path("class").asText(), unknown.toString());
            assertEquals(404, unknown.path("status").asInt());
            assertEquals("model_not_found", unknown.path("code").asText());
            assertEquals("model", unknown.path("param").asText());

            JsonNode bad = out.path("badRequest");
            assertEquals("BadRequestError", bad.path("class").asText(), bad.toString());
            assertEquals(400, bad.path("status").asInt());
            assertEquals("messages", bad.path("param").asText());
            assertEquals("invalid_request_error", bad.path("type").asText());
            assertEquals("messages[0].role", out.path("badRole").path("param").asText());

            JsonNode denied = out.path("wrongToken");
            assertEquals("AuthenticationError", denied.path("class").asText(), denied.toString());
            assertEquals(401, denied.path("status").asInt());
            assertEquals("invalid_api_key", denied.path("code").asText());
        }
    }
}
