package io.trinity.gateway.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The gateway's Resilience4j guard against a real misbehaving upstream on loopback. */
class UpstreamResilienceTest {

    private static final String FAST_RETRY =
            "retry: {max_attempts: 6, initial_backoff_ms: 20, multiplier: 2, max_backoff_ms: 100, jitter: 0.5}\n";

    private static PoolConfig pool(URI upstream, String top, String entry) {
        return PoolConfig.parse(top + """
                models:
                  - name: gpt-x
                    provider: openai
                    base_url: %s
                    timeout_ms: 300
                    price: {input_per_mtok: 1, output_per_mtok: 1}
                """.formatted(upstream) + entry, "resilience-pool");
    }

    private static ChatRequest call(String text) {
        return new ChatRequest("gpt-x", Fixtures.turn("Worker", text), 0.0, null, 1L);
    }

    private static GatewayException failure(OpenAiClient client, ChatRequest request) {
        return assertInstanceOf(GatewayException.class,
                assertThrows(CompletionException.class, () -> client.chat(request).join()).getCause());
    }

    private static double metric(GatewayServer gateway, String line) {
        return gateway.metricsText().lines().filter(l -> l.startsWith(line)).mapToDouble(
                l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void retryableFailuresAreRetriedUntilTheCallSucceeds() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().then(
                     Reply.status(500, "{\"error\": {\"message\": \"boom\", \"type\": \"server_error\"}}"),
                     Reply.status(503, "<html>overloaded</html>"),
                     Reply.malformed(),
                     Reply.truncated(),
                     Reply.stall(1500));
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), FAST_RETRY, ""))
                     .build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatResponse reply = client.chat(call("q")).join();
            assertEquals("upstream says hi", reply.content());
            assertEquals(6, upstream.calls().size());
            assertEquals(5, metric(gateway, "gateway_upstream_retries_total{model=\"gpt-x\""));
            assertEquals(1, gateway.accounting().total().upstreamCalls());
        }
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().then(
                     Reply.rateLimited("Retry-After", "1"), Reply.rateLimited("retry-after-ms", "400"));
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), FAST_RETRY, ""))
                     .build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            client.chat(call("q")).join();
            List<ScriptedUpstream.Call> calls = upstream.calls();
            assertEquals(3, calls.size());
            long firstGapMs = (calls.get(1).arrivedNanos() - calls.get(0).arrivedNanos()) / 1_000_000;
            long secondGapMs = (calls.get(2).arrivedNanos() - calls.get(1).arrivedNanos()) / 1_000_000;
            // The backoff alone would wait at most 100 ms.
            assertTrue(firstGapMs >= 1000, "waited " + firstGapMs + " ms after Retry-After: 1");
            assertTrue(secondGapMs >= 400, "waited " + secondGapMs + " ms after retry-after-ms: 400");
        }
    }

    @Test
    void clientErrorsAreNotRetriedAndKeepTheirStatus() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().then(Reply.status(400,
                     "{\"error\": {\"message\": \"context too long\", \"type\": \"invalid_request_error\"}}"));
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), FAST_RETRY, ""))
                     .build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            GatewayException e = failure(client, call("q"));
            assertEquals(400, e.status());
            assertTrue(e.getMessage().contains("context too long"), e.getMessage());
            assertEquals(1, upstream.calls().size());
            assertEquals(0, metric(gateway, "gateway_upstream_retries_total"));
        }
    }

    @Test
    void retriesEndAfterMaxAttemptsWithTheLastFailure() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().otherwise(Reply.stall(1000));
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(),
                     FAST_RETRY.replace("max_attempts: 6", "max_attempts: 3"), "")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            GatewayException e = failure(client, call("q"));
            assertEquals(504, e.status());
            assertEquals(3, upstream.calls().size());
            assertEquals(1, gateway.accounting().total().failures());
        }
    }

    @Test
    void anOpenCircuitFailsFastWithoutCallingTheUpstream() throws Exception {
        String top = "retry: {max_attempts: 1}\n"
                + "circuit_breaker: {failure_rate_percent: 50, window: 4, minimum_calls: 4, open_ms: 60000}\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().otherwise(Reply.status(500, "{}"));
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), top, "")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            for (int i = 0; i < 3; i++) {
                assertEquals(502, failure(client, call("q" + i)).status());
            }
            assertEquals(0, metric(gateway, "gateway_circuit_open{model=\"gpt-x\""));
            assertEquals(502, failure(client, call("q3")).status());
            GatewayException open = failure(client, call("q4"));
            assertEquals(503, open.status());
            assertEquals("circuit_open", open.code());
            assertEquals(4, upstream.calls().size());
            assertEquals(1, metric(gateway, "gateway_circuit_open{model=\"gpt-x\""));
        }
    }

    @Test
    void maxConcurrencyBoundsTheCallsInFlightUpstream() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().otherwise(Reply.ok().delayed(100));
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), FAST_RETRY,
                     "    max_concurrency: 2\n")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            List<CompletableFuture<ChatResponse>> calls = IntStream.range(0, 8)
                    .mapToObj(i -> client.chat(call("q" + i))).toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            assertEquals(8, upstream.calls().size());
            assertEquals(2, upstream.maxConcurrent());
        }
    }

    @Test
    void theRequestRateLimitSpacesCallsOut() throws Exception {
        // 600 per minute is 10 per second: 25 calls need at least two refills after the first ten.
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi();
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), FAST_RETRY,
                     "    requests_per_minute: 600\n")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            List<CompletableFuture<ChatResponse>> calls = IntStream.range(0, 25)
                    .mapToObj(i -> client.chat(call("q" + i))).toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<Long> arrivals = upstream.calls().stream().map(ScriptedUpstream.Call::arrivedNanos).sorted().toList();
            double spanSeconds = (arrivals.get(24) - arrivals.get(0)) / 1e9;
            assertTrue(spanSeconds >= 1.0, "25 calls at 10/s reached the upstream within " + spanSeconds + " s");
            long firstSecond = arrivals.stream().filter(t -> t - arrivals.get(0) < 900_000_000L).count();
            assertTrue(firstSecond <= 20, firstSecond + " calls in the first 0.9 s");
        }
    }

    @Test
    void theTokenRateLimitSpacesCallsOutBySize() throws Exception {
        // 6,000 tokens a minute is 100 a second; each call is estimated at ~20 prompt tokens + 40 max_tokens, so
        // the 4 calls need ~240 tokens: 100 at once, 100 more after 1 s, the rest after 2 s.
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi();
             GatewayServer gateway = GatewayServer.builder().pool(pool(upstream.baseUrl(), FAST_RETRY,
                     "    tokens_per_minute: 6000\n    max_tokens: 40\n")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            List<CompletableFuture<ChatResponse>> calls = IntStream.range(0, 4)
                    .mapToObj(i -> client.chat(call("q" + i))).toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            List<Long> arrivals = upstream.calls().stream().map(ScriptedUpstream.Call::arrivedNanos).sorted().toList();
            double spanSeconds = (arrivals.get(3) - arrivals.get(0)) / 1e9;
            assertTrue(spanSeconds >= 1.5, "4 calls of ~100 tokens at 100 tokens/s within " + spanSeconds + " s");
        }
    }
}
