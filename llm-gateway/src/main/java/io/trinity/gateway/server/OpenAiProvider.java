package io.trinity.gateway.server;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.OpenAiModelSpec;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import java.util.concurrent.CompletableFuture;

/** Forwards to an OpenAI-compatible upstream under the entry's upstream model name and request defaults. */
final class OpenAiProvider implements Provider {

    private final OpenAiModelSpec spec;
    private final OpenAiClient client;

    OpenAiProvider(OpenAiModelSpec spec, String apiKey) {
        this.spec = spec;
        this.client = OpenAiClient.builder()
                .baseUrl(spec.baseUrl())
                .apiKey(apiKey)
                .requestTimeout(spec.timeout())
                .build();
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        ChatRequest upstream = new ChatRequest(spec.upstreamModel(), request.messages(),
                request.temperature() != null ? request.temperature() : spec.temperature(),
                request.maxTokens() != null ? request.maxTokens() : spec.maxTokens(),
                request.seed());
        return client.chat(upstream).thenApply(r -> new ProviderReply(r.content(), r.finishReason(),
                r.usage().promptTokens(), r.usage().completionTokens()));
    }

    @Override
    public void close() {
        client.close();
    }
}
