package io.trinity.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A misbehaving OpenAI endpoint on loopback: it plays a script of replies (statuses, headers, bodies that are not
 * JSON, bodies cut short, stalls), one per call, then answers {@link RecordingUpstream#OK_BODY}. It records when
 * each call arrived, its body, and the most calls it ever held at once.
 */
public final class ScriptedUpstream implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each kept-alive call then
        // waits for a delayed ACK (~40 ms). The server reads this property once, before its first instance.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One scripted reply. {@code truncate}: promise the whole body, send half, hang up. */
    public record Reply(int status, String body, Map<String, String> headers, long delayMs, boolean truncate) {

        public static Reply ok() {
            return new Reply(200, RecordingUpstream.OK_BODY, Map.of(), 0, false);
        }

        public static Reply status(int status, String body) {
            return new Reply(status, body, Map.of(), 0, false);
        }

        public static Reply rateLimited(String retryAfterHeader, String value) {
            return new Reply(429, "{\"error\": {\"message\": \"slow down\", \"type\": \"rate_limit_error\"}}",
                    Map.of(retryAfterHeader, value), 0, false);
        }

        public static Reply malformed() {
            return new Reply(200, "{\"id\": \"x\", \"choices\": [", Map.of(), 0, false);
        }

        public static Reply truncated() {
            return new Reply(200, RecordingUpstream.OK_BODY, Map.of(), 0, true);
        }

        public static Reply stall(long ms) {
            return new Reply(200, RecordingUpstream.OK_BODY, Map.of(), ms, false);
        }

        public Reply delayed(long ms) {
            return new Reply(status, body, headers, ms, truncate);
        }
    }

    /** A received call: when it arrived (System.nanoTime), its headers (names in lower case) and JSON body. */
    public record Call(long arrivedNanos, Map<String, String> headers, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private volatile Reply fallback = Reply.ok();
    private volatile Function<JsonNode, Reply> rules = body -> null;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger maxOpen = new AtomicInteger();

    public ScriptedUpstream(String path) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(threads);
        server.createContext(path, exchange -> {
            maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            // A call counts as open until its reply starts: the client may send its next call the moment the reply
            // is in, before this thread has finished closing the exchange.
            AtomicBoolean answering = new AtomicBoolean();
            try (exchange) {
                Map<String, String> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
                Call call = new Call(System.nanoTime(), headers, JSON.readTree(exchange.getRequestBody()));
                calls.add(call);
                Reply reply = rules.apply(call.body());
                if (reply == null) {
                    reply = script.poll();
                }
                if (reply == null) {
                    reply = fallback;
                }
                sleep(reply.delayMs());
                reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                answering.set(true);
                open.decrementAndGet();
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                OutputStream out = exchange.getResponseBody();
                out.write(bytes, 0, reply.truncate() ? bytes.length / 2 : bytes.length);
                out.flush();
            } catch (IOException e) {
                // A truncated reply fails the close; that is the point.
            } finally {
                if (!answering.get()) {
                    open.decrementAndGet();
                }
            }
        });
        server.start();
    }

    /** An OpenAI-style upstream at {@code /v1/chat/completions}. */
    public static ScriptedUpstream openAi() throws IOException {
        return new ScriptedUpstream("/v1/chat/completions");
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public ScriptedUpstream then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /**
     * Checks every call's body before the script answers it, as a real API checks its parameters: a non-null
     * reply (an {@link ApiRules} refusal) answers the call instead.
     */
    public ScriptedUpstream rules(Function<JsonNode, Reply> rules) {
        this.rules = rules;
        return this;
    }

    /** What to answer once the script is played. */
    public ScriptedUpstream otherwise(Reply reply) {
        this.fallback = reply;
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    public int maxConcurrent() {
        return maxOpen.get();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
