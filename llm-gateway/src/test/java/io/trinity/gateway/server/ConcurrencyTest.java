package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrencyTest {

    private static final int CALLS = 256;

    private static List<CompletableFuture<ChatResponse>> burst(OpenAiClient client, List<String> prompts)
            throws Exception {
        List<CompletableFuture<ChatResponse>> calls = prompts.stream()
                .map(p -> client.chat(ChatRequest.of("slow", Fixtures.turn("Worker", p))))
                .toList();
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return calls;
    }

    @Test
    void hundredsOfSlowCallsWaitTogetherOnAFewThreads(@TempDir Path dir) throws Exception {
        List<KeyEntry> questions = Fixtures.numberQuestions(CALLS, "gsm8k");
        PoolConfig pool = PoolConfig.parse(Fixtures.simPool("slow", 0.5, 500, 0), "slow-pool");
        try (GatewayServer server = GatewayServer.builder().pool(pool)
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), questions)).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(server.baseUrl()).build()) {
            // A first burst opens the client's connections and loads classes, so that the measured burst reaches
            // the gateway at once even on a busy machine.
            burst(client, questions.stream().map(q -> "warm-up " + q.prompt()).toList());
            long start = System.nanoTime();
            List<CompletableFuture<ChatResponse>> calls =
                    burst(client, questions.stream().map(KeyEntry::prompt).toList());
            double seconds = (System.nanoTime() - start) / 1e9;

            calls.forEach(c -> assertTrue(c.join().content().contains("\\boxed{")));
            GatewayStats stats = server.stats();
            assertEquals(2 * CALLS, stats.model("slow").calls());
            assertEquals(0, stats.inFlight());
            // The gateway has 4 handler threads: more than 100 calls waiting at once means none of them held one.
            assertTrue(stats.maxInFlight() > 100, "max in flight " + stats.maxInFlight());
            // One call at a time would take 128 s; even 4 blocked threads would need 32 s. (Each call takes 500 ms,
            // long enough for a busy machine to have more than 100 of them arrive while the first ones wait.)
            assertTrue(seconds < 10, "took " + seconds + " s");
        }
    }
}
