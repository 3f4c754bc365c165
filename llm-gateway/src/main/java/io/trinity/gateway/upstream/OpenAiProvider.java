package io.trinity.gateway.upstream;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.http.HttpReply;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.StreamSink;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Forwards to an OpenAI-compatible upstream under the entry's upstream model name and request defaults, with the
 * reply's cap in the field the entry names ({@code max_completion_tokens} for OpenAI's reasoning models).
 */
final class OpenAiProvider implements Provider {

    private final RemoteModelSpec spec;
    private final Endpoint endpoint;
    private final Map<String, String> headers;

    OpenAiProvider(RemoteModelSpec spec, String apiKey, EventLoops loops) {
        this.spec = spec;
        this.endpoint = new Endpoint(spec, "/chat/completions", loops, apiKey);
        this.headers = apiKey == null || apiKey.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        return endpoint.post(headers, OpenAiJson.writeRequest(Upstreams.withDefaults(request, spec),
                spec.api().tokenCap().poolName()), this::decode);
    }

    /** Streamed with {@code stream: true} and {@code stream_options.include_usage} ({@link OpenAiStream}). */
    @Override
    public CompletableFuture<ProviderReply> stream(ChatRequest request, StreamSink deltas) {
        return endpoint.stream(headers, OpenAiJson.writeStreamRequest(Upstreams.withDefaults(request, spec),
                spec.api().tokenCap().poolName()), this::decode, new OpenAiStream(endpoint.toString(), deltas), deltas);
    }

    private ProviderReply decode(HttpReply reply) {
        ChatResponse r = OpenAiJson.readReply(reply.status(), reply.body(), Endpoint.retryAfter(reply),
                endpoint::redact);
        return new ProviderReply(r.content(), r.finishReason(), r.usage().promptTokens(),
                r.usage().completionTokens());
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
