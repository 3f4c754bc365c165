package io.trinity.gateway.pool;

/** A pool file (or a pool's runtime setup) that cannot be used; the message names the source, entry and key. */
public final class PoolConfigException extends RuntimeException {

    public PoolConfigException(String message) {
        super(message);
    }

    public PoolConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
