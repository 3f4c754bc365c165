package io.trinity.gateway.pool;

import java.time.Duration;

/**
 * The circuit breaker of each upstream: it opens when at least {@code failureRatePercent} of the last
 * {@code window} attempts (and at least {@code minimumCalls}) failed retryably, and lets a probe through after
 * {@code openFor}.
 */
public record BreakerPolicy(float failureRatePercent, int window, int minimumCalls, Duration openFor) {

    public static final BreakerPolicy DEFAULT = new BreakerPolicy(50, 50, 20, Duration.ofSeconds(10));
}
