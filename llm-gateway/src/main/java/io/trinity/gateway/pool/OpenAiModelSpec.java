package io.trinity.gateway.pool;

import java.net.URI;
import java.time.Duration;

/**
 * A model served by an OpenAI-compatible upstream. {@code apiKeyEnv} names the environment variable holding the
 * key (null: the upstream needs none); the key itself never appears in configuration. {@code maxTokens} and
 * {@code temperature} are defaults for requests that do not set them (null: the upstream's default).
 */
public record OpenAiModelSpec(String name, Price price, URI baseUrl, String apiKeyEnv, String upstreamModel,
        Duration timeout, Integer maxTokens, Double temperature) implements ModelSpec {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    @Override
    public String provider() {
        return "openai";
    }
}
