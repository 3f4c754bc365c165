package io.trinity.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite response cache behind a real gateway and a real (scripted) upstream. */
class ResponseCacheTest {

    @TempDir
    Path dir;

    static String pool(URI upstream, String cacheLine, String temperatureLine) {
        return cacheLine + """
                models:
                  - name: gpt-x
                    provider: openai
                    base_url: %s
                    model: upstream-model
                    %s
                    price: {input_per_mtok: 1000, output_per_mtok: 1000}
                """.formatted(upstream, temperatureLine);
    }

    static String reply(String content) {
        return """
                {"id": "u", "object": "chat.completion", "created": 1, "model": "upstream-model",
                 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}}""".formatted(content);
    }

    private List<String> play(String poolYaml, List<ChatRequest> requests) {
        try (GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.parse(poolYaml, "cache-pool"))
                .build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            return requests.stream().map(r -> client.chat(r).join().content()).toList();
        }
    }

    private static List<ChatRequest> seeded(int n) {
        return IntStream.range(0, n).mapToObj(i ->
                new ChatRequest("gpt-x", Fixtures.turn("Worker", "question " + i), 0.7, null, (long) i)).toList();
    }

    @Test
    void theSameCallsTwiceMakeNoUpstreamCallsTheSecondTime() throws Exception {
        String cache = "cache: {backend: sqlite, path: " + dir.resolve("replies.db") + "}\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi()) {
            IntStream.range(0, 5).forEach(i -> upstream.then(Reply.status(200, reply("answer " + i))));
            String yaml = pool(upstream.baseUrl(), cache, "");
            List<String> first = play(yaml, seeded(5));
            assertEquals(5, upstream.calls().size());
            // A fresh gateway (a second run, or a resumed one) on the same cache file.
            List<String> second = play(yaml, seeded(5));
            assertEquals(5, upstream.calls().size(), "the second run called the upstream");
            assertEquals(first, second);
            assertEquals(List.of("answer 0", "answer 1", "answer 2", "answer 3", "answer 4"), first);
        }
    }

    @Test
    void hitsAreFreeAndCountedButRepliesStillCarryTheirListPrice() throws Exception {
        String cache = "cache: {backend: sqlite, path: " + dir.resolve("replies.db") + "}\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().otherwise(Reply.status(200, reply("same")));
             GatewayServer gateway = GatewayServer.builder()
                     .pool(PoolConfig.parse(pool(upstream.baseUrl(), cache, ""), "cache-pool")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatRequest request = seeded(1).get(0).withTags(new CallTags("worker", 3));
            ChatResponse paid = client.chat(request).join();
            ChatResponse free = client.chat(request).join();
            assertEquals(paid.content(), free.content());
            assertEquals(paid.usage(), free.usage());
            assertEquals(0.015, free.usage().cost(), 1e-12);
            var total = gateway.accounting().total();
            assertEquals(1, total.upstreamCalls());
            assertEquals(1, total.cacheHits());
            assertEquals(0.015, total.costUsd(), 1e-12);
            assertEquals(0.015, total.savedUsd(), 1e-12);
            assertTrue(gateway.metricsText().contains("gateway_cache_hits_total{model=\"gpt-x\",} 1.0"),
                    gateway.metricsText());
        }
    }

    @Test
    void unseededSamplingIsCachedPerSampleIndex() throws Exception {
        String cache = "cache: {backend: sqlite, path: " + dir.resolve("replies.db") + "}\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi()) {
            IntStream.range(0, 3).forEach(i -> upstream.then(Reply.status(200, reply("sample " + i))));
            String yaml = pool(upstream.baseUrl(), cache, "temperature: 0.8");
            ChatRequest unseeded = ChatRequest.of("gpt-x", Fixtures.turn("Worker", "tell me a story"));
            List<String> first = play(yaml, List.of(unseeded, unseeded, unseeded));
            assertEquals(List.of("sample 0", "sample 1", "sample 2"), first);
            assertEquals(3, upstream.calls().size());
            assertEquals(first, play(yaml, List.of(unseeded, unseeded, unseeded)));
            assertEquals(3, upstream.calls().size());
            // A fourth sample was never drawn, so it goes upstream.
            upstream.then(Reply.status(200, reply("sample 3")));
            assertEquals("sample 3", play(yaml, List.of(unseeded, unseeded, unseeded, unseeded)).get(3));
            assertEquals(4, upstream.calls().size());
        }
    }

    @Test
    void greedyCallsNeedNoSampleIndex() throws Exception {
        String cache = "cache: {backend: sqlite, path: " + dir.resolve("replies.db") + "}\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().otherwise(Reply.status(200, reply("greedy")))) {
            String yaml = pool(upstream.baseUrl(), cache, "temperature: 0");
            ChatRequest greedy = ChatRequest.of("gpt-x", Fixtures.turn("Worker", "2 + 2?"));
            assertEquals(List.of("greedy", "greedy", "greedy"), play(yaml, List.of(greedy, greedy, greedy)));
            assertEquals(1, upstream.calls().size());
        }
    }

    @Test
    void identicalCallsInFlightTogetherArePaidOnce() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi()
                     .otherwise(Reply.status(200, reply("shared")).delayed(200));
             GatewayServer gateway = GatewayServer.builder()
                     .pool(PoolConfig.parse(pool(upstream.baseUrl(), "", ""), "no-cache-pool")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            ChatRequest request = seeded(1).get(0);
            List<CompletableFuture<ChatResponse>> calls =
                    IntStream.range(0, 10).mapToObj(i -> client.chat(request)).toList();
            calls.forEach(c -> assertEquals("shared", c.join().content()));
            assertEquals(1, upstream.calls().size());
            assertEquals(9, gateway.accounting().total().cacheHits());
        }
    }

    @Test
    void theKeyCoversUpstreamMessagesAndSamplingButNotPoolNameOrTags() {
        ChatRequest base = new ChatRequest("a", Fixtures.turn("Worker", "q"), 0.5, 100, 1L);
        String key = CacheKey.of("up", base, -1);
        assertEquals(key, CacheKey.of("up", new ChatRequest("b", base.messages(), 0.5, 100, 1L)
                .withTags(new CallTags("thinker", 4)), -1));
        assertNotEquals(key, CacheKey.of("other-up", base, -1));
        assertNotEquals(key, CacheKey.of("up", new ChatRequest("a", Fixtures.turn("Worker", "q2"), 0.5, 100, 1L), -1));
        assertNotEquals(key, CacheKey.of("up", new ChatRequest("a", base.messages(), 0.6, 100, 1L), -1));
        assertNotEquals(key, CacheKey.of("up", new ChatRequest("a", base.messages(), 0.5, 101, 1L), -1));
        assertNotEquals(key, CacheKey.of("up", new ChatRequest("a", base.messages(), 0.5, 100, 2L), -1));
        ChatRequest unseeded = new ChatRequest("a", base.messages(), 0.5, 100, null);
        assertTrue(CacheKey.needsSampleIndex(unseeded));
        assertNotEquals(CacheKey.of("up", unseeded, 0), CacheKey.of("up", unseeded, 1));
    }
}
