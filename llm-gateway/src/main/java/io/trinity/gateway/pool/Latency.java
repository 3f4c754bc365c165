package io.trinity.gateway.pool;

/**
 * Simulated reply latency: {@code baseMs} times a lognormal factor of median 1 and log-spread {@code sigma} (0: no
 * factor), plus a uniform jitter in [0, jitterMs), plus {@code msPerToken} for each reply token. So {@code baseMs}
 * is the median time to the first token, and long replies take longer.
 */
public record Latency(long baseMs, long jitterMs, double sigma, double msPerToken) {

    public static final Latency NONE = new Latency(0, 0);

    /**
     * The same latency with its times multiplied by {@code scale} (the pool file's {@code latency_scale}; 0 answers
     * at once). The simulator draws a call's latency factors whatever the times, so replies do not change with it.
     */
    public Latency scaled(double scale) {
        return scale == 1 ? this : new Latency(Math.round(baseMs * scale), Math.round(jitterMs * scale), sigma,
                msPerToken * scale);
    }

    /** Base plus uniform jitter, with no heavy tail and no per-token time. */
    public Latency(long baseMs, long jitterMs) {
        this(baseMs, jitterMs, 0, 0);
    }
}
