package io.trinity.gateway.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.1 at the wire, where ordinary clients never go: pipelined requests, oversized and malformed requests,
 * and HTTP/1.0 connections. Raw sockets, so that nothing in between tidies up what the gateway sends.
 */
class HttpProtocolTest {

    @TempDir
    Path dir;

    /** A gateway whose one sim model takes about {@code latencyMs} to answer. */
    private GatewayServer gateway(long latencyMs) {
        return GatewayServer.builder()
                .pool(PoolConfig.parse(Fixtures.simPool("sim-slow", 0.5, latencyMs, 0), "protocol-pool"))
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), Fixtures.numberQuestions(2, "math")))
                .build().start();
    }

    private static String chat(String prompt) {
        String body = "{\"model\": \"sim-slow\", \"seed\": 1, \"messages\": [{\"role\": \"user\", \"content\": \""
                + prompt + "\"}]}";
        return "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static final String HEALTH = "GET /healthz HTTP/1.1\r\nHost: gw\r\n\r\n";

    /** Status line, headers and body of one response read off the stream. */
    private record Reply(String statusLine, Map<String, String> headers, String body) {
        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new java.util.HashMap<>();
        for (String h = line(in); !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).strip().toLowerCase(), h.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new Reply(statusLine, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line: " + bytes);
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
        try (GatewayServer gateway = gateway(300);
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // The slow completion first, then two instant health checks, all in one write.
            out.write((chat("Question 0: what is 0 + 0?") + HEALTH + HEALTH).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            List<Reply> replies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replies.add(read(in));
            }
            assertEquals(200, replies.get(0).status());
            assertTrue(replies.get(0).body().contains("chat.completion"), replies.get(0).body());
            assertEquals("{\"status\":\"ok\"}", replies.get(1).body());
            assertEquals("{\"status\":\"ok\"}", replies.get(2).body());
            // The connection is still good for another call.
            out.write(HEALTH.getBytes(StandardCharsets.UTF_8));
            assertEquals(200, read(in).status());
        }
    }

    @Test
    void anOversizedBodyGetsA413ErrorObjectAndTheConnectionCloses() throws Exception {
        try (GatewayServer gateway = gateway(0);
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            long size = GatewayServer.MAX_BODY_BYTES + 1L;
            String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + size + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.UTF_8));
            Reply reply = read(socket.getInputStream());
            assertEquals(413, reply.status());
            assertEquals("application/json", reply.headers().get("content-type"));
            assertTrue(reply.body().contains("\"type\":\"invalid_request_error\""), reply.body());
            assertTrue(reply.body().contains("exceeds"), reply.body());
            assertEquals(-1, socket.getInputStream().read(), "the connection must close after a 413");
        }
    }

    @Test
    void aMalformedRequestGetsA400() throws Exception {
        try (GatewayServer gateway = gateway(0);
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gw\r\n"
                    + "Content-Length: not-a-number\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            Reply reply = read(socket.getInputStream());
            assertEquals(400, reply.status());
            assertTrue(reply.body().contains("malformed HTTP request"), reply.body());
            assertEquals(-1, socket.getInputStream().read(), "the connection must close after a malformed request");
        }
    }

    @Test
    void anHttp10ClientIsAnsweredAndDisconnected() throws Exception {
        try (GatewayServer gateway = gateway(0);
                Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /healthz HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            Reply reply = read(socket.getInputStream());
            assertEquals(200, reply.status());
            assertEquals("{\"status\":\"ok\"}", reply.body());
            assertEquals(-1, socket.getInputStream().read(), "HTTP/1.0 without keep-alive ends the connection");
        }
    }
}
