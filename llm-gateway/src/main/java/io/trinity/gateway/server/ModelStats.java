package io.trinity.gateway.server;

/** Counters of one pool model since the gateway started; {@code calls} includes the {@code failures}. */
public record ModelStats(long calls, long failures, long promptTokens, long completionTokens, double cost) {
}
