package io.trinity.gateway.cache;

/** The cache store failed (a file that cannot be opened, a Redis server that does not answer). */
public final class CacheException extends RuntimeException {

    public CacheException(String message, Throwable cause) {
        super(message, cause);
    }
}
