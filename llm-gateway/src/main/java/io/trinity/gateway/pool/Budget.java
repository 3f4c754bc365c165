package io.trinity.gateway.pool;

/**
 * The most a gateway may spend on upstream calls: calls, tokens (prompt + completion) and USD. Null is no limit.
 * Cache hits are free and never count.
 */
public record Budget(Long calls, Long tokens, Double usd) {

    public static final Budget UNLIMITED = new Budget(null, null, null);
}
