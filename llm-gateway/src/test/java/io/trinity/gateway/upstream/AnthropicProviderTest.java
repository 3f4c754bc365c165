package io.trinity.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The native Anthropic Messages API behind the OpenAI-compatible gateway, against a stand-in on loopback. */
class AnthropicProviderTest {

    private static final String KEY = "sk-ant-test-0b7d";
    private static final String MESSAGE = """
            {"id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
             "content": [{"type": "text", "text": "Hello"}, {"type": "text", "text": " there."}],
             "stop_reason": "max_tokens", "usage": {"input_tokens": 12, "output_tokens": 7}}""";

    private static GatewayServer gateway(ScriptedUpstream upstream, String extra) {
        return GatewayServer.builder().pool(PoolConfig.parse("""
                retry: {max_attempts: 3, initial_backoff_ms: 5, max_backoff_ms: 10}
                models:
                  - name: claude
                    provider: anthropic
                    base_url: %s
                    api_key_env: ANTHROPIC_KEY
                    model: claude-x
                    price: {input_per_mtok: 3, output_per_mtok: 15}
                %s""".formatted(upstream.baseUrl(), extra), "anthropic-pool"))
                .environment(Map.of("ANTHROPIC_KEY", KEY)).build().start();
    }

    @Test
    void translatesTheRequestAndTheReply() throws Exception {
        try (ScriptedUpstream upstream = new ScriptedUpstream("/v1/messages").otherwise(Reply.status(200, MESSAGE));
             GatewayServer gateway = gateway(upstream, "    temperature: 0.2\n");
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatResponse r = client.chat(ChatRequest.of("claude", List.of(ChatMessage.system("Be brief."),
                    ChatMessage.user("Hi"), new ChatMessage("assistant", "Hm?"), ChatMessage.user("Hi again")))).join();
            assertEquals("Hello there.", r.content());
            assertEquals("length", r.finishReason());
            assertEquals(12, r.usage().promptTokens());
            assertEquals(7, r.usage().completionTokens());
            assertEquals(12 * 3e-6 + 7 * 15e-6, r.usage().cost(), 1e-12);

            ScriptedUpstream.Call call = upstream.calls().get(0);
            assertEquals(KEY, call.headers().get("x-api-key"));
            assertEquals("2023-06-01", call.headers().get("anthropic-version"));
            JsonNode body = call.body();
            assertEquals("claude-x", body.path("model").asText());
            assertEquals("Be brief.", body.path("system").asText());
            assertEquals(1024, body.path("max_tokens").asInt());
            assertEquals(0.2, body.path("temperature").asDouble());
            assertEquals(3, body.path("messages").size());
            assertEquals("assistant", body.path("messages").path(1).path("role").asText());
        }
    }

    @Test
    void overloadedIsRetriedAndRejectedKeysAreRedacted() throws Exception {
        String overloaded = "{\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"busy\"}}";
        String rejected = "{\"type\": \"error\", \"error\": {\"type\": \"authentication_error\", "
                + "\"message\": \"invalid x-api-key " + KEY + "\"}}";
        try (ScriptedUpstream upstream = new ScriptedUpstream("/v1/messages")
                     .then(Reply.status(529, overloaded), Reply.status(200, MESSAGE), Reply.status(401, rejected));
             GatewayServer gateway = gateway(upstream, "");
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            assertEquals("Hello there.", client.chat(ChatRequest.of("claude", List.of(ChatMessage.user("a"))))
                    .join().content());
            assertEquals(2, upstream.calls().size());
            GatewayException e = assertInstanceOf(GatewayException.class, assertThrows(CompletionException.class,
                    () -> client.chat(ChatRequest.of("claude", List.of(ChatMessage.user("b")))).join()).getCause());
            assertEquals(401, e.status());
            assertTrue(e.getMessage().contains("authentication_error: invalid x-api-key [redacted]"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY));
            assertEquals(3, upstream.calls().size());
        }
    }
}
