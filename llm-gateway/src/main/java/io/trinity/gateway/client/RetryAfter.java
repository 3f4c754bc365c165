package io.trinity.gateway.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads how long a rate-limited or overloaded server asks us to wait: OpenAI's {@code retry-after-ms}, else the
 * standard {@code Retry-After} in seconds or as an HTTP date. Unreadable values are ignored, not errors: the
 * caller then falls back to its own backoff.
 */
public final class RetryAfter {

    private RetryAfter() {
    }

    /** The same from the two headers' values (either may be null). */
    public static Duration parse(String retryAfterMs, String retryAfter) {
        return parse(retryAfterMs, retryAfter, Instant.now());
    }

    static Duration parse(String millis, String retryAfter, Instant now) {
        if (millis != null) {
            try {
                return nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(millis.strip()))));
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.strip();
        try {
            return nonNegative(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
        } catch (NumberFormatException e) {
            try {
                return nonNegative(Duration.between(now,
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
