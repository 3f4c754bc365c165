package io.trinity.gateway.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Redis cache against a real redis-server (Debian's) started on loopback for this test. */
class RedisResponseCacheTest {

    private static final Path REDIS = Path.of("/usr/bin/redis-server");
    private static final String PASSWORD = "redis-test-pw-81c7";

    @TempDir
    static Path dir;
    static Process redis;
    static int port;

    @BeforeAll
    static void startRedis() throws Exception {
        assumeTrue(Files.isExecutable(REDIS), "redis-server is not installed (Debian package redis-server)");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder(REDIS.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--requirepass", PASSWORD, "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !redis.isAlive()) {
                    throw new IllegalStateException("redis-server did not start: " + Files.readString(
                            dir.resolve("redis.log")));
                }
                Thread.sleep(50);
            }
        }
    }

    @AfterAll
    static void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            redis.waitFor();
        }
    }

    @Test
    void storesAndKeepsTheFirstReply() {
        try (RedisResponseCache cache = new RedisResponseCache(URI.create("redis://127.0.0.1:" + port + "/1"),
                PASSWORD)) {
            assertEquals(Optional.empty(), cache.get("k1"));
            cache.put("k1", new ProviderReply("first", "stop", 3, 4));
            cache.put("k1", new ProviderReply("second", "stop", 3, 4));
            assertEquals(Optional.of(new ProviderReply("first", "stop", 3, 4)), cache.get("k1"));
            assertEquals(1, cache.size());
        }
    }

    @Test
    void twoGatewaysShareOneRedisCache() throws Exception {
        String cacheLine = "cache: {backend: redis, url: 'redis://127.0.0.1:" + port + "/2', "
                + "password_env: REDIS_PW}\n";
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi()) {
            IntStream.range(0, 4).forEach(i -> upstream.then(Reply.status(200, ResponseCacheTest.reply("r" + i))));
            PoolConfig pool = PoolConfig.parse(ResponseCacheTest.pool(upstream.baseUrl(), cacheLine, ""), "redis-pool");
            List<ChatRequest> calls = IntStream.range(0, 4).mapToObj(i ->
                    new ChatRequest("gpt-x", Fixtures.turn("Worker", "q" + i), 0.0, null, 5L)).toList();
            List<String> first;
            List<String> second;
            try (GatewayServer a = GatewayServer.builder().pool(pool).environment(Map.of("REDIS_PW", PASSWORD))
                    .build().start();
                 OpenAiClient client = OpenAiClient.builder().baseUrl(a.baseUrl()).build()) {
                first = calls.stream().map(c -> client.chat(c).join().content()).toList();
            }
            try (GatewayServer b = GatewayServer.builder().pool(pool).environment(Map.of("REDIS_PW", PASSWORD))
                    .build().start();
                 OpenAiClient client = OpenAiClient.builder().baseUrl(b.baseUrl()).build()) {
                second = calls.stream().map(c -> client.chat(c).join().content()).toList();
                assertEquals(4, b.accounting().total().cacheHits());
                assertEquals(0, b.accounting().total().upstreamCalls());
            }
            assertEquals(List.of("r0", "r1", "r2", "r3"), first);
            assertEquals(first, second);
            assertEquals(4, upstream.calls().size());
        }
    }
}
