package io.trinity.gateway.accounting;

/**
 * The totals of one slice of traffic. {@code upstreamCalls} are paid calls: those that succeeded, and streams cut
 * after their first piece (which count in {@code failures} too); {@code cacheHits} were answered from the cache for
 * free; {@code failures} are calls that failed after all retries. Tokens and {@code costUsd} count only what was
 * paid for; {@code estimatedTokens} is the part of the tokens that the gateway estimated because the upstream never
 * reported it (a cut stream's); {@code savedUsd} is what the cache hits would have cost.
 */
public record CallRecord(long upstreamCalls, long cacheHits, long failures, long promptTokens,
        long completionTokens, double costUsd, double savedUsd, long estimatedTokens) {

    public static final CallRecord ZERO = new CallRecord(0, 0, 0, 0, 0, 0, 0, 0);

    public long tokens() {
        return promptTokens + completionTokens;
    }

    public CallRecord plus(CallRecord o) {
        return new CallRecord(upstreamCalls + o.upstreamCalls, cacheHits + o.cacheHits, failures + o.failures,
                promptTokens + o.promptTokens, completionTokens + o.completionTokens, costUsd + o.costUsd,
                savedUsd + o.savedUsd, estimatedTokens + o.estimatedTokens);
    }
}
