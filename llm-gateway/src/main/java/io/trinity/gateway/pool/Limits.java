package io.trinity.gateway.pool;

import java.time.Duration;
import java.util.Objects;

/**
 * An upstream account's limits as the gateway enforces them for all clients together. A null limit is
 * no limit; {@code timeout} bounds one attempt (a retry gets a fresh one).
 */
public record Limits(Integer maxConcurrency, Integer requestsPerMinute, Integer tokensPerMinute, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Limits NONE = new Limits(null, null, null, DEFAULT_TIMEOUT);

    public Limits {
        Objects.requireNonNull(timeout, "timeout");
    }
}
