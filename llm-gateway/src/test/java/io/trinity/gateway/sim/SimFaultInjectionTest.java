package io.trinity.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 20% injected faults, served over loopback HTTP through the gateway's retries. */
class SimFaultInjectionTest {

    private static final int CALLS = 150;
    private static final String FAULTS = """
                timeout_ms: 1000
                faults: {rate_limited: 0.06, retry_after_ms: 20, server_error: 0.05, timeout: 0.03,
                         malformed_json: 0.03, truncated_stream: 0.03, slow: 0.05, slow_ms: 30}
            """;

    @TempDir
    static Path dir;

    private static PoolConfig pool(String retry, String faults) {
        return PoolConfig.parse(retry + Fixtures.simPool("sim-a", 0.6, 2, 3) + faults, "faulty-pool");
    }

    /** One reply per question (content) and the gateway's retry count. */
    private record Run(List<String> replies, double retries) {
    }

    private static Run run(PoolConfig pool, List<KeyEntry> questions, Path key) throws Exception {
        try (GatewayServer gateway = GatewayServer.builder().pool(pool).answerKey(key).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            List<CompletableFuture<ChatResponse>> calls = questions.stream()
                    .map(q -> client.chat(
                            new ChatRequest("sim-a", Fixtures.turn("Worker", q.prompt()), null, null, 3L)))
                    .toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            double retries = gateway.metricsText().lines()
                    .filter(l -> l.startsWith("gateway_upstream_retries_total{model=\"sim-a\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            assertEquals(CALLS, gateway.accounting().total().upstreamCalls());
            return new Run(calls.stream().map(c -> c.join().content()).toList(), retries);
        }
    }

    @Test
    void everyCallSurvivesTwentyPercentFaultsWithTheFaultFreeReply() throws Exception {
        List<KeyEntry> questions = Fixtures.numberQuestions(CALLS, "gsm8k");
        Path key = Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), questions);
        String retry = "retry: {max_attempts: 10, initial_backoff_ms: 5, max_backoff_ms: 40}\n";
        Run clean = run(pool(retry, ""), questions, key);
        Run faulty = run(pool(retry, FAULTS), questions, key);
        Run again = run(pool(retry, FAULTS), questions, key);

        assertEquals(clean.replies(), faulty.replies());
        assertEquals(0, clean.retries());
        // 25% of attempts fail; 5% of them are only slow. Each call's attempts draw independently.
        double failedShare = faulty.retries() / (faulty.retries() + CALLS);
        assertTrue(failedShare > 0.12 && failedShare < 0.32, "failed attempts " + failedShare);
        // Faults are drawn from (request, attempt), so the same calls see the same faults. (The timeout is far above
        // the slow replies' delay, so a loaded machine cannot turn a slow reply into an extra timeout.)
        assertEquals(faulty.retries(), again.retries());
        assertEquals(faulty.replies(), again.replies());
    }

    @Test
    void withoutRetriesTheFaultsReachTheClientAsTheirHttpErrors() throws Exception {
        List<KeyEntry> questions = Fixtures.numberQuestions(CALLS, "gsm8k");
        Path key = Fixtures.writeAnswerKey(dir.resolve("key2.jsonl"), questions);
        // These questions' first attempts are fault-dense at the start (the first 4 and 10 of the first 28 fail), so
        // without retries a default breaker (50% of 20 calls) can open, depending on the order replies finish in,
        // and its 503s would hide the statuses tested here.
        PoolConfig pool = pool("retry: {max_attempts: 1}\ncircuit_breaker: {window: 1000, minimum_calls: 1000}\n",
                FAULTS);
        try (GatewayServer gateway = GatewayServer.builder().pool(pool).answerKey(key).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            List<CompletableFuture<ChatResponse>> calls = questions.stream()
                    .map(q -> client.chat(ChatRequest.of("sim-a", Fixtures.turn("Worker", q.prompt()))))
                    .toList();
            Map<Integer, Long> statuses = new TreeMap<>();
            for (CompletableFuture<ChatResponse> c : calls) {
                int status;
                try {
                    c.get(30, TimeUnit.SECONDS);
                    status = 200;
                } catch (ExecutionException e) {
                    status = ((GatewayException) e.getCause()).status();
                }
                statuses.merge(status, 1L, Long::sum);
            }
            // 429 rate limits, 502 for 500s, malformed bodies and cut streams, 504 for timeouts.
            assertTrue(statuses.keySet().containsAll(List.of(200, 429, 502, 504)), statuses.toString());
            long failed = CALLS - statuses.get(200);
            assertTrue(failed > 15 && failed < 50, statuses.toString());
            assertEquals(failed, gateway.accounting().total().failures());
        }
    }
}
