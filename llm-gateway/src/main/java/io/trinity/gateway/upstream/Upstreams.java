package io.trinity.gateway.upstream;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.SamplingDefaults;

/** What every remote provider does to a request before sending it. */
public final class Upstreams {

    private Upstreams() {
    }

    /**
     * The request as the upstream gets it: its own model name, the entry's defaults where the client set nothing,
     * and no tags (they are the gateway's accounting, not the upstream's business).
     */
    public static ChatRequest withDefaults(ChatRequest request, RemoteModelSpec spec) {
        SamplingDefaults d = spec.defaults();
        return new ChatRequest(spec.upstreamModel(), request.messages(),
                request.temperature() != null ? request.temperature() : d.temperature(),
                request.maxTokens() != null ? request.maxTokens() : d.maxTokens(),
                request.seed(),
                request.reasoningEffort() != null ? request.reasoningEffort() : d.reasoningEffort(),
                CallTags.NONE);
    }
}
