package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.PoolConfigException;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import io.trinity.gateway.testing.RecordingUpstream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenAiForwardingTest {

    private static final String KEY = "sk-test-5ecret-4d2f";

    private static PoolConfig forwardingPool(URI upstream, String keyEnvLine) {
        return PoolConfig.parse("""
                models:
                  - name: gpt-x
                    provider: openai
                    base_url: %s
                    %s
                    model: upstream-model
                    max_tokens: 77
                    temperature: 0.3
                    timeout_ms: 5000
                    price: {input_per_mtok: 10, output_per_mtok: 20}
                """.formatted(upstream, keyEnvLine), "forward-pool");
    }

    private static GatewayServer gateway(PoolConfig pool) {
        return GatewayServer.builder().pool(pool).environment(Map.of("TEST_API_KEY", KEY)).build().start();
    }

    @Test
    void forwardsToAnUpstreamSimGatewayUnderTheUpstreamModelName(@TempDir Path dir) {
        List<KeyEntry> questions = Fixtures.numberQuestions(3, "gsm8k");
        PoolConfig upstreamPool = PoolConfig.parse(Fixtures.simPool("upstream-model", 0.5, 5, 5), "upstream-pool");
        try (GatewayServer upstream = GatewayServer.builder().pool(upstreamPool)
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), questions)).build().start();
             GatewayServer gateway = gateway(forwardingPool(upstream.baseUrl(), "api_key_env: TEST_API_KEY"));
             OpenAiClient toGateway = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build();
             OpenAiClient toUpstream = OpenAiClient.builder().baseUrl(upstream.baseUrl()).build()) {
            var messages = Fixtures.turn("Worker", questions.get(2).prompt());
            ChatResponse forwarded = toGateway.chat(new ChatRequest("gpt-x", messages, null, null, 9L)).join();
            ChatResponse direct = toUpstream.chat(new ChatRequest("upstream-model", messages, null, null, 9L)).join();

            assertEquals("gpt-x", forwarded.model());
            assertEquals(direct.content(), forwarded.content());
            assertEquals(direct.usage().promptTokens(), forwarded.usage().promptTokens());
            assertEquals(forwarded.usage().promptTokens() * 10 / 1e6 + forwarded.usage().completionTokens() * 20 / 1e6,
                    forwarded.usage().cost(), 1e-12);
            assertEquals(2, upstream.stats().model("upstream-model").calls());
            assertEquals(1, gateway.stats().model("gpt-x").calls());
        }
    }

    @Test
    void sendsTheKeyAsBearerAndAppliesTheEntrysDefaults() throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream();
             GatewayServer gateway = gateway(forwardingPool(upstream.baseUrl(), "api_key_env: TEST_API_KEY"));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatResponse response = client.chat(ChatRequest.of("gpt-x", Fixtures.turn("Worker", "q"))).join();
            client.chat(new ChatRequest("gpt-x", Fixtures.turn("Worker", "q"), 0.9, 5, 4L)).join();

            assertEquals("upstream says hi", response.content());
            assertEquals("length", response.finishReason());
            assertEquals(1000 * 10 / 1e6 + 2000 * 20 / 1e6, response.usage().cost(), 1e-12);
            RecordingUpstream.Call defaults = upstream.calls().get(0);
            assertEquals("Bearer " + KEY, defaults.authorization());
            assertEquals("upstream-model", defaults.body().path("model").asText());
            assertEquals(77, defaults.body().path("max_tokens").asInt());
            assertEquals(0.3, defaults.body().path("temperature").asDouble());
            assertFalse(defaults.body().has("seed"));
            RecordingUpstream.Call overridden = upstream.calls().get(1);
            assertEquals(5, overridden.body().path("max_tokens").asInt());
            assertEquals(0.9, overridden.body().path("temperature").asDouble());
            assertEquals(4, overridden.body().path("seed").asLong());
        }
    }

    @Test
    void noKeyEnvSendsNoAuthorization() throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream();
             GatewayServer gateway = gateway(forwardingPool(upstream.baseUrl(), ""));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            client.chat(ChatRequest.of("gpt-x", Fixtures.turn("Worker", "q"))).join();
            assertNull(upstream.calls().get(0).authorization());
        }
    }

    @Test
    void aRejectedKeyStaysA401NamingTheVariableAndNeverShowsTheKey() throws Exception {
        try (RecordingUpstream upstream = new RecordingUpstream().answer(401, """
                {"error": {"message": "Incorrect API key provided: %s.", "type": "invalid_request_error",
                           "param": null, "code": "invalid_api_key"}}""".formatted(KEY));
             GatewayServer gateway = gateway(forwardingPool(upstream.baseUrl(), "api_key_env: TEST_API_KEY"));
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).apiKey("gateway-key").build()) {
            GatewayException e = assertInstanceOf(GatewayException.class, assertThrows(CompletionException.class,
                    () -> client.chat(ChatRequest.of("gpt-x", Fixtures.turn("Worker", "q"))).join()).getCause());
            assertEquals(401, e.status());
            assertEquals(CallFailure.UPSTREAM_AUTH, e.code());
            assertTrue(e.getMessage().startsWith("model 'gpt-x': " + upstream.baseUrl()
                    + " rejected the API key from the environment variable TEST_API_KEY"), e.getMessage());
            assertTrue(e.getMessage().contains(
                    "HTTP 401 invalid_request_error: Incorrect API key provided: [redacted]"), e.getMessage());
            assertFalse(e.getMessage().contains(KEY));
            assertEquals(CallFailure.Kind.INVALID_KEY, CallFailure.of("gpt-x", e).kind());
            assertEquals(1, gateway.stats().model("gpt-x").failures());
        }
    }

    @Test
    void missingKeyVariableFailsTheStartNamingEntryAndVariable() {
        PoolConfig pool = forwardingPool(URI.create("https://api.example.com/v1"), "api_key_env: EXAMPLE_API_KEY");
        PoolConfigException e = assertThrows(PoolConfigException.class,
                () -> GatewayServer.builder().pool(pool).environment(Map.of("OTHER", KEY)).build());
        assertEquals("forward-pool: models[0] (gpt-x): api_key_env names the environment variable EXAMPLE_API_KEY, "
                + "which is not set: export it with the API key for https://api.example.com/v1 before the run",
                e.getMessage());
    }
}
