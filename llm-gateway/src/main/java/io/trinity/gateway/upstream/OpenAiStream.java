package io.trinity.gateway.upstream;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.http.EventStreamDecoder;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.StreamSink;

/**
 * An OpenAI chat-completions stream ({@code stream: true} with {@code stream_options.include_usage}): each chunk's
 * {@code choices[0].delta.content} is text, its {@code reasoning_content} (vLLM, DeepSeek) reasoning, the finish
 * reason comes in a late chunk, the usage in a last chunk with no choices, and {@code data: [DONE]} ends it. An
 * error object in the stream (OpenAI's, or vLLM's top-level one) fails the call. A server that sends no usage
 * leaves the reply's counts at 0, as a whole reply without usage does.
 */
final class OpenAiStream implements StreamDecoder {

    private final String source;
    private final StreamSink sink;
    private final StringBuilder content = new StringBuilder();
    private String finishReason;
    private Usage usage;
    private boolean done;

    OpenAiStream(String source, StreamSink sink) {
        this.source = source;
        this.sink = sink;
    }

    @Override
    public void event(EventStreamDecoder.Event event) {
        if (done) {
            return;
        }
        if (event.data().strip().equals("[DONE]")) {
            done = true;
            return;
        }
        OpenAiJson.StreamChunk chunk = OpenAiJson.readChunk(event.data());
        if (chunk.error() != null) {
            throw chunk.error();
        }
        if (chunk.reasoning() != null && !chunk.reasoning().isEmpty()) {
            sink.reasoning(chunk.reasoning());
        }
        if (chunk.content() != null && !chunk.content().isEmpty()) {
            content.append(chunk.content());
            sink.accept(chunk.content());
        }
        if (chunk.finishReason() != null) {
            finishReason = chunk.finishReason();
        }
        if (chunk.usage() != null) {
            usage = chunk.usage();
            sink.usage(usage.promptTokens(), usage.completionTokens());
        }
    }

    @Override
    public ProviderReply end() {
        if (!done) {
            throw new GatewayException(0, "connection_error", "the stream from " + source
                    + " ended before data: [DONE]");
        }
        return new ProviderReply(content.toString(), finishReason, usage == null ? 0 : usage.promptTokens(),
                usage == null ? 0 : usage.completionTokens());
    }
}
