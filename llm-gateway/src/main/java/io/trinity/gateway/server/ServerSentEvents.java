package io.trinity.gateway.server;

import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.StreamSink;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's {@code stream: true} server-sent events: a role chunk, the content in pieces, a chunk with the finish
 * reason, the usage chunk when asked for, then {@code data: [DONE]}. A {@link Relay} sends the upstream's pieces as
 * they arrive; a reply the gateway has whole (a cache hit, a call shared with an identical one in flight) is
 * replayed in pieces of {@value #PIECE_CODE_POINTS} code points. A stream that fails after it started ends with an
 * OpenAI error event and no {@code [DONE]}, which OpenAI clients raise as an error.
 */
final class ServerSentEvents {

    /** Small enough that a client's stream handling really is exercised, large enough to keep events few. */
    private static final int PIECE_CODE_POINTS = 32;
    private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

    private ServerSentEvents() {
    }

    /**
     * One streamed answer. The response starts (status 200, the role chunk) with the first relayed piece, or with
     * the whole reply when none was relayed; until then a failure is still answered with its HTTP status. Any
     * thread may call it; calls are serialised and nothing is sent after the stream ended.
     */
    static final class Relay implements StreamSink {
        private final Exchange exchange;
        private final String id;
        private final long created;
        private final String model;
        private final boolean includeUsage;
        private final StringBuilder relayed = new StringBuilder();
        private boolean started;
        private boolean ended;

        Relay(Exchange exchange, String id, long created, String model, boolean includeUsage) {
            this.exchange = exchange;
            this.id = id;
            this.created = created;
            this.model = model;
            this.includeUsage = includeUsage;
        }

        /** A piece of the upstream's reply; the first one starts the response, marked as a cache miss. */
        @Override
        public synchronized void accept(String piece) {
            if (ended || piece.isEmpty()) {
                return;
            }
            if (!started && !start(false)) {
                return;
            }
            event(exchange, OpenAiJson.writeChunk(id, created, model, null, piece, null, null));
            relayed.append(piece);
        }

        /**
         * A piece of the model's reasoning, sent as a {@code reasoning_content} delta (the field vLLM and DeepSeek
         * use), which OpenAI clients keep apart from the answer. It is relayed only: a reply served again from the
         * cache, or without streaming, has its answer and no reasoning.
         */
        @Override
        public synchronized void reasoning(String piece) {
            if (ended || piece.isEmpty()) {
                return;
            }
            if (!started && !start(false)) {
                return;
            }
            event(exchange, OpenAiJson.writeReasoningChunk(id, created, model, piece));
        }

        /** The whole reply: sends whatever was not relayed (all of it when nothing was), then ends the stream. */
        synchronized void finish(ChatResponse response, boolean free) {
            if (ended) {
                return;
            }
            if (!started && !start(free)) {
                return;
            }
            // The reply's future may complete on another thread than the one relaying its pieces, so its last
            // pieces can arrive after it: whatever of the content was not relayed yet is sent now.
            String content = response.content() == null ? "" : response.content();
            String sent = relayed.toString();
            String rest = content.startsWith(sent) ? content.substring(sent.length()) : "";
            for (int from = 0; from < rest.length(); ) {
                int to = rest.offsetByCodePoints(from,
                        Math.min(PIECE_CODE_POINTS, rest.codePointCount(from, rest.length())));
                event(exchange, OpenAiJson.writeChunk(id, created, model, null, rest.substring(from, to), null,
                        null));
                from = to;
            }
            ended = true;
            event(exchange, OpenAiJson.writeChunk(id, created, model, null, null, response.finishReason(), null));
            if (includeUsage) {
                event(exchange, OpenAiJson.writeChunk(id, created, model, null, null, null, response.usage()));
            }
            exchange.streamChunk(DONE);
            exchange.endStream();
        }

        /** Before the stream started, the error's HTTP answer; after, an error event and the end, no [DONE]. */
        synchronized void fail(GatewayException error) {
            if (ended) {
                return;
            }
            ended = true;
            if (!started) {
                exchange.sendError(error);
                return;
            }
            event(exchange, OpenAiJson.writeError(error));
            exchange.endStream();
        }

        private boolean start(boolean free) {
            exchange.responseHeaders().set(ChatCompletionsHandler.CACHE_HEADER, free ? "hit" : "miss");
            exchange.responseHeaders().set("Cache-Control", "no-cache");
            started = true;
            if (!exchange.startStream("text/event-stream")) {
                ended = true;
                return false;
            }
            event(exchange, OpenAiJson.writeChunk(id, created, model, "assistant", "", null, null));
            return true;
        }
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
