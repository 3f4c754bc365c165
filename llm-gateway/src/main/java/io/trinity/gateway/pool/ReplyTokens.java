package io.trinity.gateway.pool;

/**
 * Simulated reply lengths in tokens, per role: lognormal with the given medians and log-spread {@code sigma}. The
 * simulator's texts stay short; the usage it reports (and so prices, token budgets and per-token latency) follows
 * these lengths. {@link #FROM_TEXT}: the usage is the text's own estimate.
 */
public record ReplyTokens(int thinker, int worker, int verifier, double sigma) {

    public static final ReplyTokens FROM_TEXT = new ReplyTokens(0, 0, 0, 0);

    public boolean fromText() {
        return equals(FROM_TEXT);
    }
}
