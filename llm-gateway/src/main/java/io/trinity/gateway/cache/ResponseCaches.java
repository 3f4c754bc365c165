package io.trinity.gateway.cache;

import io.trinity.gateway.pool.CacheSpec;
import io.trinity.gateway.pool.PoolConfigException;
import java.util.Map;

/** Opens the cache a pool file asks for. */
public final class ResponseCaches {

    private ResponseCaches() {
    }

    /** Null for {@link CacheSpec.Kind#NONE}. A Redis password comes from {@code environment}, never the file. */
    public static ResponseCache open(CacheSpec spec, Map<String, String> environment) {
        return switch (spec.kind()) {
            case NONE -> null;
            case SQLITE -> new SqliteResponseCache(spec.path());
            case REDIS -> {
                String password = null;
                if (spec.passwordEnv() != null) {
                    password = environment.get(spec.passwordEnv());
                    if (password == null || password.isEmpty()) {
                        throw new PoolConfigException("cache.password_env names the environment variable "
                                + spec.passwordEnv() + ", which is not set");
                    }
                }
                yield new RedisResponseCache(spec.url(), password);
            }
        };
    }
}
