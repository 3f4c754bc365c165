package io.trinity.gateway.pool;

import java.net.URI;
import java.util.Objects;

/**
 * A model served over HTTP by a real provider: {@link Protocol#OPENAI} for any OpenAI-compatible endpoint,
 * {@link Protocol#ANTHROPIC} for Anthropic's native Messages API. {@code apiKeyEnv} names the environment
 * variable holding the key (null: the upstream needs none); the key itself never appears in configuration.
 * {@code defaults} are the entry's sampling values, {@code api} the parameters its API takes.
 */
public record RemoteModelSpec(String name, Protocol protocol, Price price, Limits limits, URI baseUrl,
        String apiKeyEnv, String upstreamModel, SamplingDefaults defaults, ApiParameters api) implements ModelSpec {

    /** The wire protocol of the upstream, named as in pool files. */
    public enum Protocol {
        OPENAI("openai"), ANTHROPIC("anthropic");

        private final String poolName;

        Protocol(String poolName) {
            this.poolName = poolName;
        }

        public String poolName() {
            return poolName;
        }
    }

    public RemoteModelSpec {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(upstreamModel, "upstreamModel");
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(api, "api");
    }

    @Override
    public String provider() {
        return protocol.poolName();
    }

    @Override
    public String upstreamIdentity() {
        // Thinking changes the replies a request gets, so it keeps them apart in the cache.
        String thinking = api.thinkingBudget() == null ? "" : " thinking " + api.thinkingBudget();
        return protocol.poolName() + " " + baseUrl + " " + upstreamModel + thinking;
    }
}
