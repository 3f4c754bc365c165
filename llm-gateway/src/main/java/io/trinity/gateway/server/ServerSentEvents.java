package io.trinity.gateway.server;

import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.OpenAiJson;
import java.nio.charset.StandardCharsets;

/**
 * A completed reply sent as OpenAI's {@code stream: true} server-sent events: a role chunk, the content in
 * pieces, a chunk with the finish reason, the usage chunk when asked for, then {@code data: [DONE]}. The gateway
 * has the whole reply before it streams (it caches and accounts whole replies), so streaming here saves clients
 * nothing in latency; it is there so that streaming clients work unchanged.
 */
final class ServerSentEvents {

    /** Small enough that a client's stream handling really is exercised, large enough to keep events few. */
    private static final int PIECE_CODE_POINTS = 32;
    private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private ServerSentEvents() {
    }

    static void send(Exchange exchange, ChatResponse response, long created, boolean includeUsage) {
        exchange.responseHeaders().set("Cache-Control", "no-cache");
        if (!exchange.startStream("text/event-stream")) {
            return;
        }
        String id = response.id();
        String model = response.model();
        event(exchange, OpenAiJson.writeChunk(id, created, model, "assistant", "", null, null));
        String content = response.content();
        for (int from = 0; from < content.length(); ) {
            int to = content.offsetByCodePoints(from,
                    Math.min(PIECE_CODE_POINTS, content.codePointCount(from, content.length())));
            event(exchange, OpenAiJson.writeChunk(id, created, model, null, content.substring(from, to), null, null));
            from = to;
        }
        event(exchange, OpenAiJson.writeChunk(id, created, model, null, null, response.finishReason(), null));
        if (includeUsage) {
            event(exchange, OpenAiJson.writeChunk(id, created, model, null, null, null, response.usage()));
        }
        exchange.streamChunk(DONE);
        exchange.endStream();
    }

    private static void event(Exchange exchange, byte[] json) {
        byte[] framed = new byte[PREFIX.length + json.length + 2];
        System.arraycopy(PREFIX, 0, framed, 0, PREFIX.length);
        System.arraycopy(json, 0, framed, PREFIX.length, json.length);
        framed[framed.length - 2] = '\n';
        framed[framed.length - 1] = '\n';
        exchange.streamChunk(framed);
    }
}
