package io.trinity.gateway.server;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.context.TokenEstimate;
import io.trinity.gateway.pool.StreamSink;
import java.util.List;

/**
 * Passes a relayed stream on and keeps what a cut stream is charged by: the token counts the upstream reported
 * before the cut, and the text (answer and reasoning) that reached the client.
 */
final class StreamTally implements StreamSink {

    /** A cut stream's charge; {@code estimatedTokens} of its tokens are the gateway's estimates. */
    record Charge(int promptTokens, int completionTokens, int estimatedPrompt, int estimatedCompletion) {
    }

    private final StreamSink out;
    private final StringBuilder received = new StringBuilder();
    private Integer promptTokens;
    private Integer completionTokens;

    StreamTally(StreamSink out) {
        this.out = out;
    }

    @Override
    public void accept(String text) {
        synchronized (this) {
            received.append(text);
        }
        out.accept(text);
    }

    @Override
    public void reasoning(String piece) {
        synchronized (this) {
            received.append(piece);
        }
        out.reasoning(piece);
    }

    @Override
    public void usage(Integer prompt, Integer completion) {
        synchronized (this) {
            if (prompt != null) {
                promptTokens = prompt;
            }
            if (completion != null) {
                completionTokens = completion;
            }
        }
        out.usage(prompt, completion);
    }

    /**
     * The prompt as the upstream counted it, else {@link TokenEstimate}'s upper estimate of {@code prompt}; the
     * completion as the upstream counted it, else the estimate of the text received. Reasoning is billed as
     * output, so it counts as completion. The upper estimate also covers tokens the upstream produced but the cut
     * kept from arriving.
     */
    synchronized Charge charge(List<ChatMessage> prompt) {
        int estimatedPrompt = promptTokens == null ? (int) Math.min(Integer.MAX_VALUE, TokenEstimate.of(prompt)) : 0;
        int estimatedCompletion = completionTokens == null
                ? (int) Math.min(Integer.MAX_VALUE, TokenEstimate.of(received.toString())) : 0;
        return new Charge(promptTokens == null ? estimatedPrompt : promptTokens,
                completionTokens == null ? estimatedCompletion : completionTokens, estimatedPrompt,
                estimatedCompletion);
    }
}
