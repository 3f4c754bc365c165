package io.trinity.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.pool.ProviderReply;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The cluster cache: replies as JSON strings under {@value #PREFIX}{@code <key>} in a Redis server that every
 * gateway of a cluster (and every later run) reaches. {@code SET NX} keeps the first reply to a key.
 */
public final class RedisResponseCache implements ResponseCache {

    static final String PREFIX = "trinity:reply:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI url;
    private final JedisPooled redis;

    /** {@code url} is {@code redis://HOST:PORT[/DB]}; {@code password} (nullable) comes from the environment. */
    public RedisResponseCache(URI url, String password) {
        this.url = url;
        String path = url.getPath() == null ? "" : url.getPath().replace("/", "");
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(path.isEmpty() ? 0 : Integer.parseInt(path))
                .timeoutMillis(5000);
        if (password != null) {
            config.password(password);
        }
        this.redis = new JedisPooled(new HostAndPort(url.getHost(), url.getPort() < 0 ? 6379 : url.getPort()),
                config.build());
        try {
            redis.ping();
        } catch (JedisException e) {
            redis.close();
            throw new CacheException("cannot reach the Redis response cache at " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ProviderReply> get(String key) {
        String value;
        try {
            value = redis.get(PREFIX + key);
        } catch (JedisException e) {
            throw new CacheException("Redis cache " + url + " lookup failed: " + e.getMessage(), e);
        }
        if (value == null) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(value);
            return Optional.of(new ProviderReply(n.path("content").asText(), n.path("finish_reason").asText(null),
                    n.path("prompt_tokens").asInt(), n.path("completion_tokens").asInt()));
        } catch (IOException e) {
            throw new CacheException("Redis cache " + url + " holds an unreadable entry " + PREFIX + key, e);
        }
    }

    @Override
    public void put(String key, ProviderReply reply) {
        String value = JSON.createObjectNode()
                .put("content", reply.content())
                .put("finish_reason", reply.finishReason())
                .put("prompt_tokens", reply.promptTokens())
                .put("completion_tokens", reply.completionTokens())
                .toString();
        try {
            redis.setnx(PREFIX + key, value);
        } catch (JedisException e) {
            throw new CacheException("Redis cache " + url + " write failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        long n = 0;
        String cursor = ScanParams.SCAN_POINTER_START;
        ScanParams match = new ScanParams().match(PREFIX + "*").count(1000);
        do {
            ScanResult<String> page = redis.scan(cursor, match);
            n += page.getResult().size();
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return n;
    }

    @Override
    public void close() {
        redis.close();
    }

    @Override
    public String toString() {
        return "RedisResponseCache[" + url.getHost() + ":" + url.getPort() + "]";
    }
}
