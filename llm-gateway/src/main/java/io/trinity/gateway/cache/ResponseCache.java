package io.trinity.gateway.cache;

import io.trinity.gateway.pool.ProviderReply;
import java.util.Optional;

/**
 * Upstream replies by {@link CacheKey}. A reply once stored is never replaced: the first answer to a key is the
 * answer, so concurrent runs sharing a cache agree. Implementations are thread-safe.
 */
public interface ResponseCache extends AutoCloseable {

    Optional<ProviderReply> get(String key);

    void put(String key, ProviderReply reply);

    /** How many replies it holds. */
    long size();

    @Override
    void close();
}
