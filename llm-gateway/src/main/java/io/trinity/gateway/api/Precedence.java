package io.trinity.gateway.api;

import java.util.Locale;

/**
 * Whose sampling values win when a request and its pool entry both set one ({@code temperature},
 * {@code max_tokens}, {@code reasoning_effort}). On the wire it is the header {@value #HEADER}; a request without it
 * is {@link #REQUEST}, as any OpenAI-compatible proxy behaves. Either way a model is never sent a parameter its
 * entry says it does not take.
 */
public enum Precedence {
    /** The request's values replace the entry's; the entry fills what the request leaves out. */
    REQUEST,
    /** The entry's values win; the request fills only what the entry leaves unset. */
    MODEL;

    public static final String HEADER = "X-Trinity-Precedence";

    /** The header's value: {@code request} or {@code model}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the header's value (null: {@link #REQUEST}); anything else is an {@link IllegalArgumentException}. */
    public static Precedence ofWire(String value) {
        if (value == null) {
            return REQUEST;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "request" -> REQUEST;
            case "model" -> MODEL;
            default -> throw new IllegalArgumentException(HEADER + " must be request or model, got '" + value + "'");
        };
    }

    /** The value that wins between the request's and the entry's, by this precedence. */
    public <T> T pick(T requested, T entry) {
        if (this == MODEL) {
            return entry != null ? entry : requested;
        }
        return requested != null ? requested : entry;
    }
}
