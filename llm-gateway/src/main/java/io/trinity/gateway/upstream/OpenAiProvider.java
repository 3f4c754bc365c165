package io.trinity.gateway.upstream;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import java.util.concurrent.CompletableFuture;

/** Forwards to an OpenAI-compatible upstream under the entry's upstream model name and request defaults. */
final class OpenAiProvider implements Provider {

    private final RemoteModelSpec spec;
    private final OpenAiClient client;

    OpenAiProvider(RemoteModelSpec spec, String apiKey) {
        this.spec = spec;
        this.client = OpenAiClient.builder()
                .baseUrl(spec.baseUrl())
                .apiKey(apiKey)
                .requestTimeout(spec.limits().timeout())
                .build();
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        return client.chat(Upstreams.withDefaults(request, spec)).thenApply(r -> new ProviderReply(r.content(),
                r.finishReason(), r.usage().promptTokens(), r.usage().completionTokens()));
    }

    @Override
    public void close() {
        client.close();
    }
}
