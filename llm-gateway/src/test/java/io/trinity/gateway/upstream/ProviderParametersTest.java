package io.trinity.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.Precedence;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.ApiRules;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Each provider-parameter rule of the pool file, through the gateway over HTTP, against scripted upstreams that
 * refuse what the real APIs refuse ({@link ApiRules}): a request breaking a rule would get their 400.
 */
class ProviderParametersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ChatMessage> MESSAGES =
            List.of(ChatMessage.system("Be brief."), ChatMessage.user("2+2?"));
    private static final String THINKING_REPLY = """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
             "content": [{"type": "thinking", "thinking": "2 and 2 make 4.", "signature": "c2ln"},
                         {"type": "text", "text": "4"}],
             "stop_reason": "end_turn", "usage": {"input_tokens": 20, "output_tokens": 30}}""";

    private static GatewayServer gateway(String models) {
        return GatewayServer.builder().pool(PoolConfig.parse("retry: {max_attempts: 1}\nmodels:\n" + models,
                "params-pool")).build().start();
    }

    private static String entry(String name, String provider, ScriptedUpstream upstream, String extra) {
        return """
                  - name: %s
                    provider: %s
                    base_url: %s
                    model: %s-upstream
                    price: {input_per_mtok: 1, output_per_mtok: 2}
                %s""".formatted(name, provider, upstream.baseUrl(), name, extra);
    }

    /** What the episodes send: temperature 0.7 and a 1024-token cap, as fallbacks or as overrides. */
    private static ChatRequest episodeCall(String model, Precedence precedence) {
        return new ChatRequest(model, MESSAGES, 0.7, 1024, 5L, null, precedence, null);
    }

    private static GatewayException refusal(OpenAiClient client, ChatRequest request) {
        CompletionException e = assertThrows(CompletionException.class, () -> client.chat(request).join());
        return (GatewayException) e.getCause();
    }

    @Test
    void aReasoningModelGetsMaxCompletionTokensAndNoTemperature() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().rules(ApiRules::openAiReasoning);
             GatewayServer gateway = gateway(entry("o4", "openai", upstream, """
                         max_tokens_param: max_completion_tokens
                         accepts_temperature: false
                         reasoning_effort: medium
                         max_tokens: 8000
                     """) + entry("o4-as-chat", "openai", upstream, ""));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            assertEquals("upstream says hi", client.chat(episodeCall("o4", Precedence.MODEL)).join().content());
            JsonNode sent = upstream.calls().get(0).body();
            assertEquals("o4-upstream", sent.path("model").asText());
            assertEquals(8000, sent.path("max_completion_tokens").asInt(), "the entry's cap wins by default");
            assertFalse(sent.has("max_tokens"), sent.toString());
            assertFalse(sent.has("temperature"), sent.toString());
            assertEquals("medium", sent.path("reasoning_effort").asText());

            client.chat(episodeCall("o4", Precedence.REQUEST)).join();
            JsonNode overridden = upstream.calls().get(1).body();
            assertEquals(1024, overridden.path("max_completion_tokens").asInt(), "an override replaces the cap");
            assertFalse(overridden.has("temperature"), "an override never sends what the model refuses");

            // The same model as a plain chat entry is sent max_tokens and a temperature, and refused as OpenAI does.
            GatewayException refused = refusal(client, episodeCall("o4-as-chat", Precedence.MODEL));
            assertEquals(400, refused.status());
            assertTrue(refused.getMessage().contains("Unsupported parameter: 'max_tokens'"), refused.getMessage());
            assertEquals(3, upstream.calls().size());
        }
    }

    @Test
    void anAnthropicEntryWithThinkingGetsItsFieldsAndNoTemperature() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream("/v1/messages").rules(ApiRules::anthropic)
                     .otherwise(Reply.status(200, THINKING_REPLY));
             GatewayServer gateway = gateway(entry("claude", "anthropic", upstream, """
                         max_tokens: 16000
                         thinking: {budget_tokens: 10000}
                     """) + entry("claude-plain", "anthropic", upstream, "    temperature: 0.3\n"));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatResponse reply = client.chat(episodeCall("claude", Precedence.MODEL)).join();
            assertEquals("4", reply.content(), "the thinking block is not part of the answer");
            JsonNode sent = upstream.calls().get(0).body();
            assertEquals("enabled", sent.path("thinking").path("type").asText());
            assertEquals(10000, sent.path("thinking").path("budget_tokens").asInt());
            assertEquals(16000, sent.path("max_tokens").asInt());
            assertFalse(sent.has("temperature"), sent.toString());

            // Overriding the cap below the thinking budget is refused by the gateway before anything is paid.
            GatewayException tooSmall = refusal(client, episodeCall("claude", Precedence.REQUEST));
            assertEquals(400, tooSmall.status());
            assertTrue(tooSmall.getMessage().contains("budget_tokens 10000"), tooSmall.getMessage());
            assertEquals(1, upstream.calls().size());

            // Without thinking, the entry's temperature is kept and no thinking is sent.
            client.chat(episodeCall("claude-plain", Precedence.MODEL)).join();
            JsonNode plain = upstream.calls().get(1).body();
            assertEquals(0.3, plain.path("temperature").asDouble());
            assertEquals(1024, plain.path("max_tokens").asInt(), "the request fills what the entry leaves unset");
            assertFalse(plain.has("thinking"));
        }
    }

    @Test
    void theScriptedAnthropicRefusesThinkingWithATemperature() throws Exception {
        JsonNode body = JSON.readTree("""
                {"model": "m", "max_tokens": 16000, "temperature": 0.7,
                 "thinking": {"type": "enabled", "budget_tokens": 10000}, "messages": []}""");
        Reply refused = ApiRules.anthropic(body);
        assertEquals(400, refused.status());
        assertTrue(refused.body().contains("`temperature` may only be set to 1 when thinking is enabled"));
        assertNull(ApiRules.anthropic(JSON.readTree("""
                {"model": "m", "max_tokens": 16000,
                 "thinking": {"type": "enabled", "budget_tokens": 10000}, "messages": []}""")));
    }

    @Test
    void perModelDefaultsAreKeptUnlessTheRequestOverridesThem() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi();
             GatewayServer gateway = gateway(entry("tuned", "openai", upstream, """
                         temperature: 0.2
                         max_tokens: 512
                     """) + entry("bare", "openai", upstream, ""));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            client.chat(episodeCall("tuned", Precedence.MODEL)).join();
            client.chat(episodeCall("tuned", Precedence.REQUEST)).join();
            client.chat(episodeCall("bare", Precedence.MODEL)).join();
            client.chat(ChatRequest.of("tuned", MESSAGES)).join();
            List<JsonNode> sent = upstream.calls().stream().map(ScriptedUpstream.Call::body).toList();
            assertEquals(0.2, sent.get(0).path("temperature").asDouble());
            assertEquals(512, sent.get(0).path("max_tokens").asInt());
            assertEquals(0.7, sent.get(1).path("temperature").asDouble());
            assertEquals(1024, sent.get(1).path("max_tokens").asInt());
            assertEquals(0.7, sent.get(2).path("temperature").asDouble());
            assertEquals(1024, sent.get(2).path("max_tokens").asInt());
            assertEquals(0.2, sent.get(3).path("temperature").asDouble(), "a request without values gets the entry's");
            assertEquals(512, sent.get(3).path("max_tokens").asInt());
            assertFalse(upstream.calls().get(0).headers().containsKey("x-trinity-precedence"),
                    "the precedence header is the gateway's, never sent upstream");
        }
    }

    @Test
    void aModelThatTakesNoCapIsSentNone() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().rules(ApiRules::noTokenCap);
             GatewayServer gateway = gateway(entry("uncapped", "openai", upstream, "    max_tokens_param: none\n")
                     + entry("capped", "openai", upstream, ""));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            client.chat(episodeCall("uncapped", Precedence.REQUEST)).join();
            JsonNode sent = upstream.calls().get(0).body();
            assertFalse(sent.has("max_tokens") || sent.has("max_completion_tokens"), sent.toString());
            assertEquals(0.7, sent.path("temperature").asDouble());
            assertEquals(400, refusal(client, episodeCall("capped", Precedence.REQUEST)).status());
        }
    }

    @Test
    void anUnknownPrecedenceIsRefused() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi();
             GatewayServer gateway = gateway(entry("bare", "openai", upstream, ""))) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/chat/completions"))
                            .header("Content-Type", "application/json").header(Precedence.HEADER, "entry")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\": \"bare\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(400, response.statusCode());
            assertTrue(response.body().contains("must be request or model, got 'entry'"), response.body());
            assertEquals(0, upstream.calls().size());
        }
    }
}
