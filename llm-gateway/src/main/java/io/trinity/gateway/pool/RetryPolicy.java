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

    /**
     * The longest the waits between all {@code maxAttempts} attempts add up to: each backoff at its most (its
     * exponential step, capped, then stretched by the full jitter), or {@code floor} where that is longer (a retry
     * that finds the circuit breaker open waits its open time). An upstream's {@code Retry-After} beyond these is
     * not bounded by anything the pool file says, so it is not counted.
     */
    public Duration longestWaits(Duration floor) {
        double total = 0;
        double step = initialBackoff.toMillis();
        for (int retry = 1; retry < maxAttempts; retry++) {
            double wait = Math.min(step, maxBackoff.toMillis()) * (1 + jitter);
            total += Math.max(wait, floor.toMillis());
            step *= multiplier;
        }
        return Duration.ofMillis((long) Math.ceil(total));
    }
}
