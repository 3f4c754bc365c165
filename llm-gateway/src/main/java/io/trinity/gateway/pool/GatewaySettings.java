package io.trinity.gateway.pool;

import java.util.Objects;

/**
 * The pool file's gateway-wide settings. {@code authTokenEnv} names the environment variable with the bearer
 * token clients must send (null: no authentication). {@code allowUnauthenticated} lets a gateway without a token
 * listen beyond loopback, which it otherwise refuses: it holds the pool's API keys and spends its budget.
 */
public record GatewaySettings(RetryPolicy retry, BreakerPolicy breaker, CacheSpec cache, Budget budget,
        String authTokenEnv, boolean allowUnauthenticated) {

    public static final GatewaySettings DEFAULT = new GatewaySettings(RetryPolicy.DEFAULT, BreakerPolicy.DEFAULT,
            CacheSpec.NONE, Budget.UNLIMITED, null, false);

    public GatewaySettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(budget, "budget");
    }
}
