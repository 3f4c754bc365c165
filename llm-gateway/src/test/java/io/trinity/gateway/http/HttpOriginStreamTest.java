package io.trinity.gateway.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpOrigin#postStreaming}: a body handed on as it arrives, on the same kept-alive connections. */
class HttpOriginStreamTest {

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final Duration LONG = Duration.ofSeconds(5);

    private EventLoops loops;
    private HttpServer server;
    private ExecutorService threads;
    private HttpOrigin origin;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        loops = new EventLoops(1, "origin-stream-test");
        threads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/events", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "text/event-stream");
            ex.sendResponseHeaders(200, 0);
            OutputStream out = ex.getResponseBody();
            write(out, "data: one\n\n");
            sleep(1_000);
            write(out, "data: two\n\n");
            if (ex.getRequestURI().getQuery() != null) {
                throw new IllegalStateException("scripted hang-up before the body's end");
            }
            out.close();
        });
        server.createContext("/error", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            ex.getRequestBody().readAllBytes();
            byte[] body = "{\"error\": {\"message\": \"slow down\"}}".getBytes(UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(429, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        origin = new HttpOrigin(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), loops,
                Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        origin.close();
        server.stop(0);
        threads.shutdownNow();
        loops.close();
    }

    /** Accepts 2xx event streams; records the pieces and counts down at the first. */
    private static final class Recorder implements StreamedBody {
        final List<String> pieces = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        public boolean accepts(int status, Map<String, String> headers) {
            return status == 200 && headers.get("content-type").startsWith("text/event-stream");
        }

        @Override
        public void piece(byte[] bytes) {
            pieces.add(new String(bytes, UTF_8));
            first.countDown();
        }
    }

    private CompletableFuture<HttpReply> post(String path, StreamedBody body) {
        return origin.postStreaming(path, Map.of(), "{}".getBytes(UTF_8), LONG, body);
    }

    @Test
    void theBodyIsHandedOnAsTheServerWritesIt() throws Exception {
        Recorder body = new Recorder();
        CompletableFuture<HttpReply> reply = post("/events", body);
        assertTrue(body.first.await(5, TimeUnit.SECONDS), "a first piece");
        assertFalse(reply.isDone(), "the first piece came while the server paused before the rest");
        HttpReply whole = reply.get(5, TimeUnit.SECONDS);
        assertEquals(200, whole.status());
        assertEquals(0, whole.body().length, "a streamed body is not collected too");
        assertEquals("data: one\n\ndata: two\n\n", String.join("", body.pieces));
    }

    @Test
    void aStreamedReplyLeavesItsConnectionToTheNextCalls() throws Exception {
        post("/events", new Recorder()).get(5, TimeUnit.SECONDS);
        post("/events", new Recorder()).get(5, TimeUnit.SECONDS);
        origin.post("/error", Map.of(), "{}".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);
        assertEquals(1, clientPorts.size(), "one connection for all three calls: " + clientPorts);
    }

    @Test
    void aReplyTheStreamDoesNotAcceptIsCollectedWhole() throws Exception {
        Recorder body = new Recorder();
        HttpReply reply = post("/error", body).get(5, TimeUnit.SECONDS);
        assertEquals(429, reply.status());
        assertEquals("{\"error\": {\"message\": \"slow down\"}}", new String(reply.body(), UTF_8));
        assertTrue(body.pieces.isEmpty());
    }

    @Test
    void aBodyCutShortFailsTheCallAfterItsPieces() throws Exception {
        Recorder body = new Recorder();
        CompletableFuture<HttpReply> reply = post("/events?cut", body);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> reply.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, failed.getCause());
        assertEquals("data: one\n\ndata: two\n\n", String.join("", body.pieces));
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(UTF_8));
        out.flush();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
