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
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in OpenAI endpoint that records what it was sent and answers with a canned status and body. */
public final class RecordingUpstream implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, each kept-alive call then
        // waits for a delayed ACK (~40 ms). The server reads this property once, before its first instance.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One received call: its Authorization header (null when absent) and its JSON body. */
    public record Call(String authorization, JsonNode body) {
    }

    public static final String OK_BODY = """
            {"id": "up-1", "object": "chat.completion", "created": 1, "model": "upstream-model",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "upstream says hi"},
                          "finish_reason": "length"}],
             "usage": {"prompt_tokens": 1000, "completion_tokens": 2000, "total_tokens": 3000}}""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String body = OK_BODY;
    private volatile long delayMs;

    public RecordingUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            calls.add(new Call(exchange.getRequestHeaders().getFirst("Authorization"),
                    JSON.readTree(exchange.getRequestBody())));
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public RecordingUpstream answer(int status, String body) {
        this.status = status;
        this.body = body;
        return this;
    }

    public RecordingUpstream delay(long delayMs) {
        this.delayMs = delayMs;
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
