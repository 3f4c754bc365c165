package io.trinity.gateway.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HttpOrigin} against real upstreams on loopback: the JDK's HTTP(S) server where the upstream behaves,
 * a raw {@link ServerSocket} where it must misbehave.
 */
class HttpOriginTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration LONG = Duration.ofSeconds(5);
    private static final String PASSWORD = "test-pass";

    @TempDir
    static Path keys;
    private static Path goodKeystore;
    private static Path goodCert;
    private static Path wrongKeystore;
    private static Path wrongCert;

    /** Closed in reverse order of registration after each test: origins and servers before the loops. */
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private EventLoops loops;

    @BeforeAll
    static void makeCertificates() throws Exception {
        goodKeystore = keys.resolve("good.p12");
        goodCert = keys.resolve("good.pem");
        wrongKeystore = keys.resolve("wrong.p12");
        wrongCert = keys.resolve("wrong.pem");
        keytool("-genkeypair", "-alias", "upstream", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", goodKeystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "upstream", "-keystore", goodKeystore.toString(),
                "-storepass", PASSWORD, "-file", goodCert.toString());
        keytool("-genkeypair", "-alias", "upstream", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=wrong.example", "-ext", "SAN=dns:wrong.example", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", wrongKeystore.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "upstream", "-keystore", wrongKeystore.toString(),
                "-storepass", PASSWORD, "-file", wrongCert.toString());
    }

    @BeforeEach
    void startLoops() {
        // One loop: every call from the test thread lands on it, so connection counts are exact.
        loops = closeLater(new EventLoops(1, "origin-test"));
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        Exception first = null;
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ---------------------------------------------------------------------------------------------- round trip

    @Test
    void postRoundTripSendsWhatItIsGivenAndReturnsTheWholeReply() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = httpServer();
        server.createContext("/v1/chat/completions", ex -> {
            seen.add(Seen.of(ex));
            ex.getResponseHeaders().add("X-Request-Id", "req-42");
            ex.getResponseHeaders().add("Content-Type", "application/json");
            reply(ex, 201, "{\"id\":\"up-1\",\"text\":\"caf\u00e9\"}".getBytes(UTF_8));
        });
        // The base URL's path is ignored: only scheme, host and port name the origin.
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server) + "/v1");
        byte[] body = "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"h\u00e9llo \u2603\"}]}"
                .getBytes(UTF_8);

        HttpReply reply = origin.post("/v1/chat/completions?trace=1",
                Map.of("Authorization", "Bearer sk-test", "X-Custom", "custom value"), body, LONG)
                .get(5, TimeUnit.SECONDS);

        assertEquals(1, seen.size());
        Seen call = seen.get(0);
        assertEquals("POST", call.method());
        assertEquals("/v1/chat/completions?trace=1", call.uri());
        assertEquals("127.0.0.1:" + port(server), call.headers().getFirst("Host"));
        assertEquals("application/json", call.headers().getFirst("Content-Type"));
        assertEquals("application/json", call.headers().getFirst("Accept"));
        assertEquals(String.valueOf(body.length), call.headers().getFirst("Content-Length"));
        assertEquals("Bearer sk-test", call.headers().getFirst("Authorization"));
        assertEquals("custom value", call.headers().getFirst("X-Custom"));
        assertArrayEquals(body, call.body());

        assertEquals(201, reply.status());
        assertEquals("req-42", reply.header("x-request-id"));
        assertEquals("application/json", reply.header("content-type"));
        assertNull(reply.header("X-Request-Id"), "header names come back in lower case");
        assertEquals("{\"id\":\"up-1\",\"text\":\"caf\u00e9\"}", new String(reply.body(), UTF_8));
    }

    @Test
    void givenContentTypeReplacesTheDefaultAndLargeBodiesTravelWholeBothWays() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = echoServer(seen);
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server));
        byte[] body = new byte[3 << 20];
        new Random(7).nextBytes(body);

        HttpReply reply = origin.post("/echo", Map.of("Content-Type", "application/octet-stream"), body, LONG)
                .get(5, TimeUnit.SECONDS);

        assertEquals("application/octet-stream", seen.get(0).headers().getFirst("Content-Type"));
        assertEquals(1, seen.get(0).headers().get("Content-Type").size());
        assertArrayEquals(body, seen.get(0).body());
        assertEquals(200, reply.status());
        assertArrayEquals(body, reply.body());
    }

    @Test
    void onlyHttpAndHttpsAreAccepted() {
        assertThrows(IllegalArgumentException.class,
                () -> new HttpOrigin(URI.create("ftp://127.0.0.1:21"), loops, CONNECT));
    }

    // ---------------------------------------------------------------------------------------------- kept alive

    @Test
    void sequentialCallsReuseOneConnection() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = echoServer(seen);
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server));

        for (int i = 0; i < 20; i++) {
            byte[] body = ("{\"n\":" + i + "}").getBytes(UTF_8);
            HttpReply reply = origin.post("/echo", Map.of(), body, LONG).get(5, TimeUnit.SECONDS);
            assertArrayEquals(body, reply.body(), "call " + i + " got another call's reply");
        }

        assertEquals(20, seen.size());
        assertEquals(Set.of(seen.get(0).remotePort()), ports(seen), "20 sequential calls should use 1 connection");
    }

    @Test
    void concurrentCallsOpenAtMostOneConnectionEachAndThenReuseThem() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpServer server = httpServer();
        server.createContext("/slow", ex -> {
            Seen call = Seen.of(ex);
            seen.add(call);
            sleep(200);
            reply(ex, 200, call.body());
        });
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server));

        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            int r = round;
            List<byte[]> bodies = IntStream.range(0, 8).mapToObj(i -> ("{\"r\":" + r + ",\"n\":" + i + "}")
                    .getBytes(UTF_8)).toList();
            List<CompletableFuture<HttpReply>> calls = bodies.stream()
                    .map(b -> origin.post("/slow", Map.of(), b, LONG)).toList();
            for (int i = 0; i < 8; i++) {
                HttpReply reply = calls.get(i).get(5, TimeUnit.SECONDS);
                assertEquals(200, reply.status());
                assertArrayEquals(bodies.get(i), reply.body(), "call " + i + " got another call's reply");
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            // One after another they would take 8 x 200 ms.
            assertTrue(elapsedMs < 1_200, "8 concurrent calls took " + elapsedMs + " ms: not concurrent");
        }

        assertEquals(16, seen.size());
        Set<Integer> ports = ports(seen);
        assertTrue(ports.size() <= 8, "16 calls, 8 at a time, used " + ports.size() + " connections");
    }

    // ---------------------------------------------------------------------------------------------- failures

    @Test
    void aCallWithNoReplyInTimeFailsWithHttpTimeoutAndItsConnectionIsNotReused() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        CountDownLatch lateReplySent = new CountDownLatch(1);
        HttpServer server = httpServer();
        server.createContext("/slow", ex -> {
            seen.add(Seen.of(ex));
            sleep(1_000);
            try {
                reply(ex, 200, "late".getBytes(UTF_8));
            } finally {
                lateReplySent.countDown();
            }
        });
        server.createContext("/fast", ex -> {
            seen.add(Seen.of(ex));
            reply(ex, 200, "fresh".getBytes(UTF_8));
        });
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server));

        long start = System.nanoTime();
        Throwable timedOut = failure(origin.post("/slow", Map.of(), "{}".getBytes(UTF_8), Duration.ofMillis(300)),
                Duration.ofSeconds(5));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertInstanceOf(HttpTimeoutException.class, timedOut);
        assertTrue(elapsedMs >= 250 && elapsedMs < 2_000, "timed out after " + elapsedMs + " ms");

        // Sent while the slow reply is still due: on the timed-out connection it would get "late".
        HttpReply fresh = origin.post("/fast", Map.of(), "{}".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);
        assertEquals("fresh", new String(fresh.body(), UTF_8));

        assertTrue(lateReplySent.await(3, TimeUnit.SECONDS));
        HttpReply after = origin.post("/fast", Map.of(), "{}".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);
        assertEquals("fresh", new String(after.body(), UTF_8));

        assertEquals(List.of("/slow", "/fast", "/fast"), seen.stream().map(Seen::uri).toList());
        assertNotEquals(seen.get(0).remotePort(), seen.get(1).remotePort(),
                "the timed-out connection was reused");
    }

    @Test
    void aConnectionClosedBeforeTheReplyFailsTheCallWithAnIOExceptionAtOnce() throws Exception {
        CountDownLatch requestRead = new CountDownLatch(1);
        RawServer server = closeLater(new RawServer((n, socket, in) -> {
            assertTrue(RawRequest.read(in) != null);
            requestRead.countDown();
            socket.close();
        }));
        HttpOrigin origin = origin("http://127.0.0.1:" + server.port());

        long start = System.nanoTime();
        Throwable failure = failure(origin.post("/v1/x", Map.of(), "{}".getBytes(UTF_8), Duration.ofSeconds(10)),
                Duration.ofSeconds(5));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertTrue(requestRead.await(1, TimeUnit.SECONDS), "the upstream never read the request");
        assertConnectionFailure(failure);
        assertTrue(elapsedMs < 2_000, "the close was noticed after " + elapsedMs + " ms");
    }

    @Test
    void aRefusedConnectionFailsTheCallWithAnIOException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpOrigin origin = origin("http://127.0.0.1:" + port);

        long start = System.nanoTime();
        Throwable failure = failure(origin.post("/v1/x", Map.of(), "{}".getBytes(UTF_8), Duration.ofSeconds(10)),
                Duration.ofSeconds(5));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertConnectionFailure(failure);
        assertTrue(elapsedMs < 2_000, "the refusal was noticed after " + elapsedMs + " ms");
    }

    // ---------------------------------------------------------------------------------------------- upstream closes

    @Test
    void aReplyWithConnectionCloseIsReturnedAndTheNextCallOpensANewConnection() throws Exception {
        RawServer server = closeLater(new RawServer((n, socket, in) -> {
            RawRequest request = RawRequest.read(in);
            RawRequest.answer(socket.getOutputStream(), "conn-" + n + ":" + request.body(), "Connection: close");
            socket.close();
        }));
        HttpOrigin origin = origin("http://127.0.0.1:" + server.port());

        HttpReply first = origin.post("/a", Map.of(), "one".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);
        HttpReply second = origin.post("/a", Map.of(), "two".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);

        assertEquals("conn-1:one", new String(first.body(), UTF_8));
        assertEquals("conn-2:two", new String(second.body(), UTF_8));
        assertEquals(2, server.accepted());
    }

    @Test
    void anIdleConnectionTheUpstreamClosedIsNotUsedAgain() throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        RawServer server = closeLater(new RawServer((n, socket, in) -> {
            // Each connection answers one call as kept alive, then the upstream drops it as idle.
            RawRequest request = RawRequest.read(in);
            RawRequest.answer(socket.getOutputStream(), "conn-" + n + ":" + request.body());
            sleep(50);
            socket.close();
            firstClosed.countDown();
        }));
        HttpOrigin origin = origin("http://127.0.0.1:" + server.port());

        HttpReply first = origin.post("/a", Map.of(), "one".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);
        assertTrue(firstClosed.await(2, TimeUnit.SECONDS));
        sleep(200);
        HttpReply second = origin.post("/a", Map.of(), "two".getBytes(UTF_8), LONG).get(5, TimeUnit.SECONDS);

        assertEquals("conn-1:one", new String(first.body(), UTF_8));
        assertEquals("conn-2:two", new String(second.body(), UTF_8));
        assertEquals(2, server.accepted());
    }

    // ---------------------------------------------------------------------------------------------- TLS

    @Test
    void tlsToATrustedCertificateWorksByAddressAndByName() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        HttpsServer server = httpsServer(goodKeystore);
        server.createContext("/v1/chat/completions", ex -> {
            Seen call = Seen.of(ex);
            seen.add(call);
            reply(ex, 200, ("secure:" + new String(call.body(), UTF_8)).getBytes(UTF_8));
        });
        SslContext trusting = SslContextBuilder.forClient().trustManager(goodCert.toFile()).build();

        for (String host : List.of("127.0.0.1", "localhost")) {
            HttpOrigin origin = origin(URI.create("https://" + host + ":" + port(server)), trusting);
            for (int i = 0; i < 2; i++) {
                HttpReply reply = origin.post("/v1/chat/completions", Map.of(), (host + i).getBytes(UTF_8), LONG)
                        .get(5, TimeUnit.SECONDS);
                assertEquals(200, reply.status());
                assertEquals("secure:" + host + i, new String(reply.body(), UTF_8));
            }
        }

        assertEquals("127.0.0.1:" + port(server), seen.get(0).headers().getFirst("Host"));
        assertEquals("localhost:" + port(server), seen.get(2).headers().getFirst("Host"));
        assertEquals(2, ports(seen).size(), "two origins, two calls each: one kept-alive connection each");
    }

    @Test
    void tlsFailsWhenTheCertificateDoesNotNameTheHost() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        HttpsServer server = httpsServer(wrongKeystore);
        server.createContext("/", ex -> {
            handled.incrementAndGet();
            reply(ex, 200, "should not get here".getBytes(UTF_8));
        });
        // The certificate is trusted as such; only its name (wrong.example) does not match 127.0.0.1.
        SslContext trusting = SslContextBuilder.forClient().trustManager(wrongCert.toFile()).build();
        HttpOrigin origin = origin(URI.create("https://127.0.0.1:" + port(server)), trusting);

        Throwable failure = failure(origin.post("/v1/x", Map.of(), "{}".getBytes(UTF_8), LONG),
                Duration.ofSeconds(5));

        assertConnectionFailure(failure);
        assertTrue(causes(failure).stream().anyMatch(SSLException.class::isInstance), describe(failure));
        assertTrue(causes(failure).stream().anyMatch(CertificateException.class::isInstance), describe(failure));
        String messages = describe(failure);
        assertTrue(messages.contains("127.0.0.1"), "not a host-name failure: " + messages);
        assertFalse(messages.contains("PKIX"), "a trust failure, not a host-name failure: " + messages);
        assertEquals(0, handled.get());
    }

    @Test
    void tlsWithTheDefaultTrustStoreRejectsASelfSignedCertificate() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        HttpsServer server = httpsServer(goodKeystore);
        server.createContext("/", ex -> {
            handled.incrementAndGet();
            reply(ex, 200, "should not get here".getBytes(UTF_8));
        });
        HttpOrigin origin = closeLater(new HttpOrigin(URI.create("https://localhost:" + port(server)), loops,
                CONNECT));

        Throwable failure = failure(origin.post("/v1/x", Map.of(), "{}".getBytes(UTF_8), LONG),
                Duration.ofSeconds(5));

        assertConnectionFailure(failure);
        assertTrue(causes(failure).stream().anyMatch(SSLException.class::isInstance), describe(failure));
        assertEquals(0, handled.get());
    }

    // ---------------------------------------------------------------------------------------------- close

    @Test
    void closeFailsACallInFlightAndEveryCallAfterIt() throws Exception {
        CountDownLatch received = new CountDownLatch(1);
        CountDownLatch release = closeLater(new CountDownLatch(1));
        HttpServer server = httpServer();
        server.createContext("/held", ex -> {
            Seen.of(ex);
            received.countDown();
            await(release);
            reply(ex, 200, "too late".getBytes(UTF_8));
        });
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server));

        CompletableFuture<HttpReply> inFlight = origin.post("/held", Map.of(), "{}".getBytes(UTF_8),
                Duration.ofSeconds(10));
        assertTrue(received.await(5, TimeUnit.SECONDS), "the upstream never got the call");
        long start = System.nanoTime();
        origin.close();
        Throwable failure = failure(inFlight, Duration.ofSeconds(2));
        assertConnectionFailure(failure);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 2_000);

        CompletableFuture<HttpReply> after = origin.post("/held", Map.of(), "{}".getBytes(UTF_8), LONG);
        assertTrue(after.isCompletedExceptionally(), "a call after close() should fail at once");
        assertConnectionFailure(failure(after, Duration.ZERO));
    }

    /** Posted before close() but not yet sent (loop busy, or still connecting): must fail, not go upstream. */
    @Test
    void closeFailsACallNotYetOnAConnection() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        HttpServer server = httpServer();
        server.createContext("/x", ex -> {
            handled.incrementAndGet();
            reply(ex, 200, "sent after close".getBytes(UTF_8));
        });
        HttpOrigin origin = origin("http://127.0.0.1:" + port(server));
        // Hold the (only) loop so that the call is accepted but not yet sent when close() comes, as a call
        // from another thread is while its loop is busy or while its connection is still being opened.
        CountDownLatch loopFree = closeLater(new CountDownLatch(1));
        CountDownLatch loopHeld = new CountDownLatch(1);
        loops.group().next().execute(() -> {
            loopHeld.countDown();
            await(loopFree);
        });
        assertTrue(loopHeld.await(2, TimeUnit.SECONDS));

        CompletableFuture<HttpReply> call = origin.post("/x", Map.of(), "{}".getBytes(UTF_8), LONG);
        origin.close();
        loopFree.countDown();

        assertConnectionFailure(failure(call, Duration.ofSeconds(3)));
        assertEquals(0, handled.get(), "the call went upstream after close()");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** What the upstream saw of one call. */
    private record Seen(String method, String uri, Headers headers, byte[] body, int remotePort) {

        static Seen of(HttpExchange ex) throws IOException {
            Headers copy = new Headers();
            copy.putAll(ex.getRequestHeaders());
            return new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), copy,
                    ex.getRequestBody().readAllBytes(), ex.getRemoteAddress().getPort());
        }
    }

    private static Set<Integer> ports(List<Seen> seen) {
        return seen.stream().map(Seen::remotePort).collect(Collectors.toSet());
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getRequestBody().readAllBytes();
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private HttpServer httpServer() throws IOException {
        return serve(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** Answers {@code /echo} with the request body, recording each call in {@code seen}. */
    private HttpServer echoServer(List<Seen> seen) throws IOException {
        HttpServer server = httpServer();
        server.createContext("/echo", ex -> {
            Seen call = Seen.of(ex);
            seen.add(call);
            reply(ex, 200, call.body());
        });
        return server;
    }

    private HttpsServer httpsServer(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return serve(server);
    }

    /** Starts {@code server} with a thread per exchange (the default runs handlers one at a time). */
    private <S extends HttpServer> S serve(S server) {
        ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("upstream"));
        server.setExecutor(threads);
        server.start();
        closeLater(() -> {
            server.stop(0);
            threads.shutdownNow();
        });
        return server;
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private HttpOrigin origin(String base) {
        return closeLater(new HttpOrigin(URI.create(base), loops, CONNECT));
    }

    private HttpOrigin origin(URI base, SslContext tls) {
        return closeLater(new HttpOrigin(base, loops, CONNECT, tls));
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private CountDownLatch closeLater(CountDownLatch latch) {
        toClose.add(latch::countDown);
        return latch;
    }

    /** The failure {@code future} completes with within {@code within}; fails the test if it does not. */
    private static Throwable failure(CompletableFuture<?> future, Duration within) throws InterruptedException {
        try {
            Object value = within.isZero() ? future.getNow(null) : future.get(within.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException | CompletionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return fail("no outcome within " + within);
        }
    }

    /** An IOException of the connection's own, not the call's timeout. */
    private static void assertConnectionFailure(Throwable failure) {
        assertInstanceOf(IOException.class, failure, () -> describe(failure));
        assertFalse(failure instanceof HttpTimeoutException, () -> "a timeout, not a connection failure: "
                + describe(failure));
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static String describe(Throwable t) {
        return causes(t).stream().map(Throwable::toString).collect(Collectors.joining(" <- "));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "keytool hung");
        assertEquals(0, process.exitValue(), () -> "keytool " + String.join(" ", args) + ": " + output);
    }

    /** One HTTP/1.1 request as a raw upstream reads it: head lines and a Content-Length body. */
    private record RawRequest(List<String> head, String body) {

        /** The next request on the connection, or null at its end. */
        static RawRequest read(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            List<String> head = new ArrayList<>();
            int b;
            while ((b = in.read()) >= 0) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(UTF_8).replaceAll("\r$", "");
                line.reset();
                if (text.isEmpty()) {
                    int length = head.stream()
                            .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                            .map(h -> Integer.parseInt(h.substring(h.indexOf(':') + 1).trim()))
                            .findFirst().orElse(0);
                    return new RawRequest(head, new String(in.readNBytes(length), UTF_8));
                }
                head.add(text);
            }
            return null;
        }

        static void answer(OutputStream out, String body, String... headerLines) throws IOException {
            byte[] bytes = body.getBytes(UTF_8);
            StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n");
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
            for (String h : headerLines) {
                head.append(h).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(UTF_8));
            out.write(bytes);
            out.flush();
        }
    }

    /** A loopback upstream that runs {@code handler} on each connection it accepts, one thread each. */
    private static final class RawServer implements AutoCloseable {

        interface Handler {
            /** {@code n}: the connection's number, from 1. */
            void handle(int n, Socket socket, InputStream in) throws Exception;
        }

        private final ServerSocket listener;
        private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("raw-upstream"));
        private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
        private final AtomicInteger accepted = new AtomicInteger();

        RawServer(Handler handler) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            threads.execute(() -> {
                while (!listener.isClosed()) {
                    Socket socket;
                    try {
                        socket = listener.accept();
                    } catch (IOException e) {
                        return;
                    }
                    sockets.add(socket);
                    try {
                        socket.setTcpNoDelay(true); // else each reply waits ~40 ms on Nagle and delayed ACKs
                    } catch (IOException e) {
                        // answered slowly then
                    }
                    int n = accepted.incrementAndGet();
                    threads.execute(() -> {
                        try (socket) {
                            handler.handle(n, socket, new BufferedInputStream(socket.getInputStream()));
                        } catch (Exception | AssertionError e) {
                            // the client went away; the test's assertions tell what mattered
                        }
                    });
                }
            });
        }

        int port() {
            return listener.getLocalPort();
        }

        int accepted() {
            return accepted.get();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
            threads.shutdownNow();
        }
    }
}
