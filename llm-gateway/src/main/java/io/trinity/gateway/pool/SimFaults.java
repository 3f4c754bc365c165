package io.trinity.gateway.pool;

import java.time.Duration;

/**
 * Fault injection for a simulated model: per attempt, the probability of each fault. Rates add up to at most 1;
 * the rest of the attempts are served normally. {@code retryAfter} is what a 429 asks the caller to wait,
 * {@code slowBy} the extra delay of a slow reply. A timeout fault never answers, so the gateway's per-attempt
 * timeout ends it.
 */
public record SimFaults(double rateLimited, Duration retryAfter, double serverError, double timeout, double slow,
        Duration slowBy, double malformedJson, double truncatedStream) {

    public static final SimFaults NONE = new SimFaults(0, Duration.ZERO, 0, 0, 0, Duration.ZERO, 0, 0);

    public double total() {
        return rateLimited + serverError + timeout + slow + malformedJson + truncatedStream;
    }
}
