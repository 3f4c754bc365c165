package io.trinity.gateway.upstream;

import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.Precedence;
import io.trinity.gateway.pool.ApiParameters;
import io.trinity.gateway.pool.RemoteModelSpec;
import io.trinity.gateway.pool.SamplingDefaults;

/** What every remote provider does to a request before sending it. */
public final class Upstreams {

    private Upstreams() {
    }

    /**
     * The request as the upstream gets it: its own model name; each sampling value the request's or the entry's
     * as the request's {@link Precedence} says; no parameter the entry's API does not take (no temperature where
     * it accepts none, no token cap where it takes none); and no tags (they are the gateway's accounting, not the
     * upstream's business). Applying it twice changes nothing. A cap that leaves Anthropic's thinking no room
     * for the answer is a 400 here rather than a paid-for refusal upstream.
     */
    public static ChatRequest withDefaults(ChatRequest request, RemoteModelSpec spec) {
        SamplingDefaults d = spec.defaults();
        ApiParameters api = spec.api();
        Precedence p = request.precedence();
        Integer maxTokens = api.tokenCap() == ApiParameters.TokenCap.NONE ? null
                : p.pick(request.maxTokens(), d.maxTokens());
        if (api.thinkingBudget() != null && maxTokens != null && maxTokens <= api.thinkingBudget()) {
            throw new GatewayException(400, "invalid_request_error", "max_tokens " + maxTokens + " leaves no room for "
                    + "the answer of " + spec.name() + ", which thinks with budget_tokens " + api.thinkingBudget()
                    + ": ask for more, or let the pool entry's max_tokens (" + d.maxTokens() + ") apply",
                    "max_tokens", "max_tokens_below_thinking_budget");
        }
        return new ChatRequest(spec.upstreamModel(), request.messages(),
                api.acceptsTemperature() ? p.pick(request.temperature(), d.temperature()) : null,
                maxTokens, request.seed(), p.pick(request.reasoningEffort(), d.reasoningEffort()), p,
                CallTags.NONE);
    }
}
