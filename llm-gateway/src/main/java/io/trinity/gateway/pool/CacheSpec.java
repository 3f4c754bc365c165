package io.trinity.gateway.pool;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where replies are cached: nowhere, a SQLite file ({@code path}), or a Redis server ({@code url}, with the
 * password, if any, in the environment variable {@code passwordEnv}).
 */
public record CacheSpec(Kind kind, Path path, URI url, String passwordEnv) {

    public enum Kind { NONE, SQLITE, REDIS }

    public static final CacheSpec NONE = new CacheSpec(Kind.NONE, null, null, null);

    public static CacheSpec sqlite(Path file) {
        return new CacheSpec(Kind.SQLITE, file, null, null);
    }

    public static CacheSpec redis(URI url, String passwordEnv) {
        return new CacheSpec(Kind.REDIS, null, url, passwordEnv);
    }
}
