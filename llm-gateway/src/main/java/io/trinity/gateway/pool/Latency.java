package io.trinity.gateway.pool;

/** Simulated reply latency: {@code baseMs} plus a uniform jitter in [0, jitterMs). */
public record Latency(long baseMs, long jitterMs) {

    public static final Latency NONE = new Latency(0, 0);
}
