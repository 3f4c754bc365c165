package io.trinity.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.accounting.CallRecord;
import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoalescingPoolClientTest {

    private static final ChatRequest SEEDED = new ChatRequest("m", List.of(ChatMessage.user("2 + 2?")), 0.7, 100, 42L)
            .withTags(new CallTags("worker", 3));
    private static final ChatResponse REPLY = new ChatResponse("r-1", "m", "4", "stop", new Usage(5, 1, 0.0));

    /** A pool whose calls stay open until the test completes them. */
    private static final class HeldPool implements PoolClient {
        final List<ChatRequest> requests = new ArrayList<>();
        final List<CompletableFuture<ChatResponse>> calls = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<ChatResponse> chat(ChatRequest request) {
            requests.add(request);
            CompletableFuture<ChatResponse> call = new CompletableFuture<>();
            calls.add(call);
            return call;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void identicalSeededCallsInFlightGoOutOnceAndShareTheReply() {
        HeldPool pool = new HeldPool();
        CoalescingPoolClient client = new CoalescingPoolClient(pool);
        CompletableFuture<ChatResponse> first = client.chat(SEEDED);
        CompletableFuture<ChatResponse> second = client.chat(new ChatRequest("m", List.of(ChatMessage.user("2 + 2?")),
                0.7, 100, 42L).withTags(new CallTags("worker", 3)));
        assertEquals(1, pool.requests.size());
        assertFalse(first.isDone() || second.isDone());

        pool.calls.get(0).complete(REPLY);
        assertSame(REPLY, first.join());
        assertSame(REPLY, second.join());
        assertEquals(1, client.coalesced());

        // Nothing is kept: the same call once the first has completed is a call of its own.
        client.chat(SEEDED);
        assertEquals(2, pool.requests.size());
    }

    @Test
    void callsThatDifferInSeedTagsOrContentOrHaveNoSeedAreNotJoined() {
        HeldPool pool = new HeldPool();
        CoalescingPoolClient client = new CoalescingPoolClient(pool);
        client.chat(SEEDED);
        client.chat(new ChatRequest("m", SEEDED.messages(), 0.7, 100, 43L).withTags(SEEDED.tags()));
        client.chat(SEEDED.withTags(new CallTags("verifier", 3)));
        client.chat(SEEDED.withMessages(List.of(ChatMessage.user("2 + 3?"))));
        ChatRequest unseeded = new ChatRequest("m", SEEDED.messages(), 0.7, 100, null);
        client.chat(unseeded);
        client.chat(unseeded);
        assertEquals(6, pool.requests.size());
        assertEquals(0, client.coalesced());
    }

    @Test
    void aFailureReachesEveryCallerAndTheNextCallTriesAgain() {
        HeldPool pool = new HeldPool();
        CoalescingPoolClient client = new CoalescingPoolClient(pool);
        CompletableFuture<ChatResponse> first = client.chat(SEEDED);
        CompletableFuture<ChatResponse> second = client.chat(SEEDED);
        GatewayException limited = new GatewayException(429, "rate_limit_error", "slow down");
        pool.calls.get(0).completeExceptionally(limited);
        assertSame(limited, assertThrows(CompletionException.class, first::join).getCause());
        assertSame(limited, assertThrows(CompletionException.class, second::join).getCause());

        CompletableFuture<ChatResponse> retry = client.chat(SEEDED);
        assertEquals(2, pool.requests.size());
        pool.calls.get(1).complete(REPLY);
        assertSame(REPLY, retry.join());
    }

    @Test
    void aCallerThatCancelsLeavesTheOthersTheirReply() {
        HeldPool pool = new HeldPool();
        CoalescingPoolClient client = new CoalescingPoolClient(pool);
        CompletableFuture<ChatResponse> first = client.chat(SEEDED);
        CompletableFuture<ChatResponse> second = client.chat(SEEDED);
        first.cancel(true);
        pool.calls.get(0).complete(REPLY);
        assertTrue(first.isCancelled());
        assertSame(REPLY, second.join());
    }

    /** Over real HTTP to a gateway with a slow simulated model: only one request of a burst reaches it. */
    @Test
    void aBurstOfIdenticalCallsReachesTheGatewayOnce(@TempDir Path dir) throws Exception {
        List<KeyEntry> questions = Fixtures.numberQuestions(1, "gsm8k");
        PoolConfig pool = PoolConfig.parse(Fixtures.simPool("slow", 0.5, 300, 0), "slow-pool");
        ChatRequest call = new ChatRequest("slow", Fixtures.turn("Worker", questions.get(0).prompt()), 0.7, 256,
                7L).withTags(new CallTags("worker", 0));
        try (GatewayServer server = GatewayServer.builder().pool(pool)
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), questions)).build().start();
             CoalescingPoolClient client = new CoalescingPoolClient(
                     OpenAiClient.builder().baseUrl(server.baseUrl()).build())) {
            List<CompletableFuture<ChatResponse>> burst = IntStream.range(0, 32).mapToObj(i -> client.chat(call))
                    .toList();
            CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            ChatResponse reply = burst.get(0).join();
            burst.forEach(r -> assertSame(reply, r.join()));
            assertEquals(31, client.coalesced());
            CallRecord total = server.accounting().total();
            assertEquals(1, total.upstreamCalls());
            assertEquals(0, total.cacheHits());

            // The gateway's own answer to the same call, made after the burst: the shared reply is what it says.
            try (OpenAiClient direct = OpenAiClient.builder().baseUrl(server.baseUrl()).build()) {
                assertEquals(reply.content(), direct.chat(call).join().content());
            }
        }
    }
}
