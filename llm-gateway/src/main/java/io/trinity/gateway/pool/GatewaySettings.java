package io.trinity.gateway.pool;

import java.util.Objects;

/**
 * The pool file's gateway-wide settings. {@code authTokenEnv} names the environment variable with the bearer
 * token clients must send (null: no authentication).
 */
public record GatewaySettings(RetryPolicy retry, BreakerPolicy breaker, CacheSpec cache, Budget budget,
        String authTokenEnv) {

    public static final GatewaySettings DEFAULT =
            new GatewaySettings(RetryPolicy.DEFAULT, BreakerPolicy.DEFAULT, CacheSpec.NONE, Budget.UNLIMITED, null);

    public GatewaySettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(budget, "budget");
    }
}
