package io.trinity.gateway.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A streaming OpenAI or Anthropic endpoint on loopback: it plays a script of replies, one per call, each a status
 * and a body written in pieces with delays between them (chunked, flushed piece by piece, as the real APIs send
 * server-sent events), optionally hanging up before the body ends. The event builders write the shapes the real
 * APIs send, error events included. It records when each call arrived, its headers and its JSON body.
 */
public final class StreamingUpstream implements AutoCloseable {

    static {
        // As in RecordingUpstream: without it each flushed piece can wait ~40 ms on Nagle and delayed ACKs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Bytes of the body written after {@code delayMs}. */
    public record Piece(long delayMs, String text) {
    }

    /** One scripted reply. {@code cut}: hang up after the pieces, without ending the chunked body. */
    public record Reply(int status, String contentType, List<Piece> pieces, boolean cut) {

        /** A 200 event stream of {@code events}, each written {@code gapMs} after the one before. */
        public static Reply events(long gapMs, String... events) {
            List<Piece> pieces = new ArrayList<>();
            for (String e : events) {
                pieces.add(new Piece(gapMs, e));
            }
            return new Reply(200, "text/event-stream", pieces, false);
        }

        /** A whole reply (an error body, or JSON from a server that does not stream). */
        public static Reply whole(int status, String json) {
            return new Reply(status, "application/json", List.of(new Piece(0, json)), false);
        }

        /** This stream, ended by a hang-up after its pieces. */
        public Reply cutAfter() {
            return new Reply(status, contentType, pieces, true);
        }
    }

    /** A received call: when it arrived (System.nanoTime), its headers (names in lower case) and JSON body. */
    public record Call(long arrivedNanos, Map<String, String> headers, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String path;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    private StreamingUpstream(String path) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(threads);
        server.createContext(path, exchange -> {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            calls.add(new Call(System.nanoTime(), headers, JSON.readTree(exchange.getRequestBody())));
            Reply reply = script.poll();
            if (reply == null) {
                reply = Reply.whole(500, "{\"error\": {\"message\": \"the script is played\", \"type\": \"server_error\"}}");
            }
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            if (!reply.contentType().startsWith("text/event-stream")) {
                byte[] bytes = reply.pieces().get(0).text().getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(reply.status(), 0);
            OutputStream out = exchange.getResponseBody();
            for (Piece piece : reply.pieces()) {
                sleep(piece.delayMs());
                out.write(piece.text().getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            if (reply.cut()) {
                // The JDK server closes the connection of a handler that throws, without the body's last chunk.
                throw new IllegalStateException("scripted hang-up");
            }
            out.close();
            exchange.close();
        });
        server.start();
    }

    /** An OpenAI-style upstream at {@code /v1/chat/completions}. */
    public static StreamingUpstream openAi() throws IOException {
        return new StreamingUpstream("/v1/chat/completions");
    }

    /** An Anthropic-style upstream at {@code /v1/messages}. */
    public static StreamingUpstream anthropic() throws IOException {
        return new StreamingUpstream("/v1/messages");
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    public StreamingUpstream then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public List<Call> calls() {
        return calls;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "StreamingUpstream[" + baseUrl() + path + "]";
    }

    // ------------------------------------------------------------------------------------------ OpenAI's events

    private static String data(ObjectNode node) {
        return "data: " + node + "\n\n";
    }

    private static ObjectNode chunk() {
        return JSON.createObjectNode().put("id", "chatcmpl-up").put("object", "chat.completion.chunk")
                .put("created", 1).put("model", "upstream-model").put("system_fingerprint", "fp_1");
    }

    private static ObjectNode delta(ObjectNode chunk, String finishReason) {
        ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        choice.putNull("logprobs");
        return choice.putObject("delta");
    }

    /** The first chunk: the role and empty content. */
    public static String openAiRole() {
        ObjectNode c = chunk();
        delta(c, null).put("role", "assistant").put("content", "");
        return data(c);
    }

    public static String openAiContent(String text) {
        ObjectNode c = chunk();
        delta(c, null).put("content", text);
        return data(c);
    }

    /** A reasoning delta as vLLM and DeepSeek send it. */
    public static String openAiReasoning(String text) {
        ObjectNode c = chunk();
        delta(c, null).put("reasoning_content", text);
        return data(c);
    }

    public static String openAiFinish(String reason) {
        ObjectNode c = chunk();
        delta(c, reason);
        return data(c);
    }

    /** The usage chunk {@code stream_options.include_usage} asks for: no choices. */
    public static String openAiUsage(int prompt, int completion) {
        ObjectNode c = chunk();
        c.putArray("choices");
        c.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", completion)
                .put("total_tokens", prompt + completion);
        return data(c);
    }

    /** An error object in the stream, as OpenAI sends when a stream fails after it started. */
    public static String openAiError(String type, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
        return data(e);
    }

    public static String openAiDone() {
        return "data: [DONE]\n\n";
    }

    // --------------------------------------------------------------------------------------- Anthropic's events

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }

    public static String messageStart(int inputTokens) {
        ObjectNode d = JSON.createObjectNode().put("type", "message_start");
        ObjectNode m = d.putObject("message").put("id", "msg_up").put("type", "message").put("role", "assistant")
                .put("model", "claude-up");
        m.putArray("content");
        m.putNull("stop_reason");
        m.putNull("stop_sequence");
        m.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        return event("message_start", d);
    }

    public static String ping() {
        return event("ping", JSON.createObjectNode().put("type", "ping"));
    }

    /** {@code type}: text or thinking. */
    public static String blockStart(int index, String type) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_start").put("index", index);
        ObjectNode block = d.putObject("content_block").put("type", type);
        if (type.equals("thinking")) {
            block.put("thinking", "").put("signature", "");
        } else {
            block.put("text", "");
        }
        return event("content_block_start", d);
    }

    public static String textDelta(int index, String text) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        d.putObject("delta").put("type", "text_delta").put("text", text);
        return event("content_block_delta", d);
    }

    public static String thinkingDelta(int index, String thinking) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        d.putObject("delta").put("type", "thinking_delta").put("thinking", thinking);
        return event("content_block_delta", d);
    }

    public static String signatureDelta(int index) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
        d.putObject("delta").put("type", "signature_delta").put("signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
        return event("content_block_delta", d);
    }

    public static String blockStop(int index) {
        return event("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop")
                .put("index", index));
    }

    public static String messageDelta(String stopReason, int outputTokens) {
        ObjectNode d = JSON.createObjectNode().put("type", "message_delta");
        d.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        d.putObject("usage").put("output_tokens", outputTokens);
        return event("message_delta", d);
    }

    public static String messageStop() {
        return event("message_stop", JSON.createObjectNode().put("type", "message_stop"));
    }

    /** An error event, as Anthropic sends one mid-stream ({@code overloaded_error} when it is busy). */
    public static String anthropicError(String type, String message) {
        ObjectNode d = JSON.createObjectNode().put("type", "error");
        d.putObject("error").put("type", type).put("message", message);
        return event("error", d);
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
