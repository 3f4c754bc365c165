package io.trinity.gateway.pool;

import java.util.Set;

/**
 * Values a remote entry fills into requests that leave them out; null leaves the choice to the upstream.
 * {@code reasoningEffort} is OpenAI's {@code reasoning_effort}.
 */
public record SamplingDefaults(Integer maxTokens, Double temperature, String reasoningEffort) {

    public static final Set<String> REASONING_EFFORTS = Set.of("minimal", "low", "medium", "high");
    public static final SamplingDefaults NONE = new SamplingDefaults(null, null, null);
}
