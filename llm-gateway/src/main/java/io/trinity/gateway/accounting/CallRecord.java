package io.trinity.gateway.accounting;

/**
 * The totals of one slice of traffic. {@code upstreamCalls} are paid calls that succeeded; {@code cacheHits} were
 * answered from the cache for free; {@code failures} are calls that failed after all retries. Tokens and
 * {@code costUsd} count only what was paid for; {@code savedUsd} is what the cache hits would have cost.
 */
public record CallRecord(long upstreamCalls, long cacheHits, long failures, long promptTokens,
        long completionTokens, double costUsd, double savedUsd) {

    public static final CallRecord ZERO = new CallRecord(0, 0, 0, 0, 0, 0, 0);

    public long tokens() {
        return promptTokens + completionTokens;
    }

    public CallRecord plus(CallRecord o) {
        return new CallRecord(upstreamCalls + o.upstreamCalls, cacheHits + o.cacheHits, failures + o.failures,
                promptTokens + o.promptTokens, completionTokens + o.completionTokens, costUsd + o.costUsd,
                savedUsd + o.savedUsd);
    }
}
