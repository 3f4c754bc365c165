package io.trinity.gateway.server;

import com.sun.net.httpserver.HttpExchange;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.OpenAiJson;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A completed reply sent as OpenAI's {@code stream: true} server-sent events: a role chunk, the content in
 * pieces, a chunk with the finish reason, the usage chunk when asked for, then {@code data: [DONE]}. The gateway
 * has the whole reply before it streams (it caches and accounts whole replies), so streaming here saves clients
 * nothing in latency; it is there so that streaming clients work unchanged.
 */
final class ServerSentEvents {

    private static final Logger LOG = LoggerFactory.getLogger(ServerSentEvents.class);
    /** Small enough that a client's stream handling really is exercised, large enough to keep events few. */
    private static final int PIECE_CODE_POINTS = 32;
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private ServerSentEvents() {
    }

    static void send(HttpExchange exchange, ChatResponse response, long created, boolean includeUsage) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        String id = response.id();
        String model = response.model();
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(200, 0);
            event(out, OpenAiJson.writeChunk(id, created, model, "assistant", "", null, null));
            String content = response.content();
            for (int from = 0; from < content.length(); ) {
                int to = content.offsetByCodePoints(from,
                        Math.min(PIECE_CODE_POINTS, content.codePointCount(from, content.length())));
                event(out, OpenAiJson.writeChunk(id, created, model, null, content.substring(from, to), null, null));
                from = to;
            }
            event(out, OpenAiJson.writeChunk(id, created, model, null, null, response.finishReason(), null));
            if (includeUsage) {
                event(out, OpenAiJson.writeChunk(id, created, model, null, null, null, response.usage()));
            }
            out.write(DONE);
        } catch (IOException e) {
            LOG.debug("stream to the client broke off: {}", e.toString());
        }
    }

    private static void event(OutputStream out, byte[] json) throws IOException {
        out.write("data: ".getBytes(StandardCharsets.UTF_8));
        out.write(json);
        out.write("\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
