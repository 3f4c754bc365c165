package io.trinity.gateway.upstream;

import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.client.RetryAfter;
import io.trinity.gateway.http.EventLoops;
import io.trinity.gateway.http.HttpReply;
import io.trinity.gateway.pool.Provider;
import io.trinity.gateway.pool.ProviderReply;
import io.trinity.gateway.pool.RemoteModelSpec;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Forwards to an OpenAI-compatible upstream under the entry's upstream model name and request defaults. */
final class OpenAiProvider implements Provider {

    private final RemoteModelSpec spec;
    private final Endpoint endpoint;
    private final Map<String, String> headers;

    OpenAiProvider(RemoteModelSpec spec, String apiKey, EventLoops loops) {
        this.spec = spec;
        URI url = URI.create(spec.baseUrl().toString().replaceAll("/+$", "") + "/chat/completions");
        this.endpoint = new Endpoint(url, loops, spec.limits().timeout(), apiKey);
        this.headers = apiKey == null || apiKey.isEmpty() ? Map.of() : Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    public CompletableFuture<ProviderReply> complete(ChatRequest request) {
        return endpoint.post(headers, OpenAiJson.writeRequest(Upstreams.withDefaults(request, spec)), this::decode);
    }

    private ProviderReply decode(HttpReply reply) {
        if (reply.status() / 100 != 2) {
            GatewayException e = OpenAiJson.readError(reply.status(), reply.body());
            throw new GatewayException(e.status(), e.type(), endpoint.redact(e.getMessage()), e.param(), e.code(),
                    RetryAfter.parse(reply.header("retry-after-ms"), reply.header("retry-after")));
        }
        ChatResponse r = OpenAiJson.readResponse(reply.body());
        return new ProviderReply(r.content(), r.finishReason(), r.usage().promptTokens(),
                r.usage().completionTokens());
    }

    @Override
    public void close() {
        endpoint.close();
    }
}
