package io.trinity.gateway.pool;

import java.time.Duration;

/**
 * How the gateway retries a retryable failure (429, 5xx, timeouts, lost connections): up to {@code maxAttempts}
 * attempts in all, waiting the upstream's {@code Retry-After} when it sends one and otherwise an exponential
 * backoff from {@code initialBackoff} by {@code multiplier}, randomised by +-{@code jitter}, capped at
 * {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, double multiplier, Duration maxBackoff,
        double jitter) {

    public static final RetryPolicy DEFAULT =
            new RetryPolicy(6, Duration.ofMillis(250), 2.0, Duration.ofSeconds(30), 0.5);
}
