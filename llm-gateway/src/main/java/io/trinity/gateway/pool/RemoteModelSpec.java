package io.trinity.gateway.pool;

import java.net.URI;
import java.util.Objects;

/**
 * A model served over HTTP by a real provider: {@link Protocol#OPENAI} for any OpenAI-compatible endpoint,
 * {@link Protocol#ANTHROPIC} for Anthropic's native Messages API. {@code apiKeyEnv} names the environment
 * variable holding the key (null: the upstream needs none); the key itself never appears in configuration.
 */
public record RemoteModelSpec(String name, Protocol protocol, Price price, Limits limits, URI baseUrl,
        String apiKeyEnv, String upstreamModel, SamplingDefaults defaults) implements ModelSpec {

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
    }

    @Override
    public String provider() {
        return protocol.poolName();
    }

    @Override
    public String upstreamIdentity() {
        return protocol.poolName() + " " + baseUrl + " " + upstreamModel;
    }
}
