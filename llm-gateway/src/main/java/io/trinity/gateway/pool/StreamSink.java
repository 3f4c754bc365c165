package io.trinity.gateway.pool;

import java.util.function.Consumer;

/**
 * Where a streamed reply goes as the upstream produces it: the answer's text in pieces ({@link #accept}), the
 * model's visible reasoning apart from it ({@link #reasoning}), and the token counts the upstream reports before
 * its reply is complete ({@link #usage}), which is what a stream cut half-way is charged by. A lambda is a sink
 * that takes the text only.
 */
@FunctionalInterface
public interface StreamSink extends Consumer<String> {

    /** The next piece of the answer's text. */
    @Override
    void accept(String text);

    /** The next piece of the model's reasoning (thinking), which is not part of the answer. Dropped by default. */
    default void reasoning(String piece) {
    }

    /**
     * Token counts as the upstream reported them so far (Anthropic's prompt count at the start, the final counts
     * at the end), null for a count not reported yet. Called again as they grow; ignored by default.
     */
    default void usage(Integer promptTokens, Integer completionTokens) {
    }
}
