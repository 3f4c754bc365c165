package io.trinity.gateway.api;

import java.io.Serializable;
import java.util.Locale;

/**
 * Why a pool call (or the turn around it) failed, and so what a run does about it: the one place where the error
 * classes are decided (docs/ARCHITECTURE.md, "Error classes"). Training, evaluation and the executors all act on
 * {@link Kind#category()}, never on raw statuses, so that a status cannot mean one thing to the loop and another to
 * the runner.
 *
 * @param kind what went wrong
 * @param model the pool model called, or null when the failure was not a call's
 * @param message the failure's own text (never an API key: the gateway and client redact them)
 */
public record CallFailure(Kind kind, String model, String message) implements Serializable {

    /**
     * The code of a 401 or 403 that an upstream gave the gateway (its key for that model is wrong), as opposed to
     * the gateway refusing its own client's token: serving falls back to another model on the first, not the second.
     */
    public static final String UPSTREAM_AUTH = "upstream_auth";

    /** What the run does about a failure. */
    public enum Category {
        /**
         * The setup is wrong (a rejected key, an unknown upstream model, an executor that cannot grade safely):
         * every further call would fail the same way, so the run stops at once, before it spends more.
         */
        CONFIGURATION,
        /**
         * This request failed, not the model: the turn ends as failed and the episode goes on or ends per
         * {@code episode.on_turn_error}; counted per model and kind in the metrics.
         */
        TURN,
        /**
         * The upstream may answer later (timeouts, 429, 5xx, an open circuit) and the gateway's retries ran out:
         * the generation plays the failed episodes again (bounded), then stops with its checkpoint intact.
         */
        TRANSIENT,
        /** The pool's budget is spent: the run stops cleanly between generations, as it always has. */
        BUDGET
    }

    /** The failure kinds; their wire names are the keys of the metrics' {@code turn_failures} counts. */
    public enum Kind {
        INVALID_KEY(Category.CONFIGURATION),
        UNKNOWN_MODEL(Category.CONFIGURATION),
        /** Raised by the workers (the sandbox cannot run here); listed here so that every kind is in one enum. */
        SANDBOX_UNAVAILABLE(Category.CONFIGURATION),
        CONTEXT_LENGTH(Category.TURN),
        CONTENT_FILTER(Category.TURN),
        /** Any other request the upstream refused (400, 413, 422): a parameter it takes from no one. */
        INVALID_REQUEST(Category.TURN),
        EMPTY_REPLY(Category.TURN),
        UNPARSABLE_REPLY(Category.TURN),
        /** The reply stopped at the token cap ({@code finish_reason: length}) before it finished its answer. */
        NO_FINAL_ANSWER(Category.TURN),
        UNAVAILABLE(Category.TRANSIENT),
        BUDGET_SPENT(Category.BUDGET);

        private final Category category;

        Kind(Category category) {
            this.category = category;
        }

        public Category category() {
            return category;
        }

        /** The name in metrics and messages: {@code context_length}, {@code invalid_key}, ... */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Category category() {
        return kind.category();
    }

    /**
     * Classifies a failed call to {@code model}: a {@link GatewayException} by its status, type and code as the
     * gateway and OpenAI-compatible upstreams send them; anything else (the call never produced an HTTP error) is
     * {@link Kind#UNAVAILABLE}, which is retried and, if it persists, stops the run rather than scoring zeros.
     */
    public static CallFailure of(String model, Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return new CallFailure(failure instanceof GatewayException g ? kindOf(g) : Kind.UNAVAILABLE, model, message);
    }

    /**
     * A reply that came back 200 but is not an answer, or null when it is one: empty text, a content filter's
     * stop, or a reply cut off at the token cap.
     */
    public static CallFailure ofReply(String model, ChatResponse reply) {
        String finish = reply.finishReason() == null ? "" : reply.finishReason();
        if ("content_filter".equals(finish)) {
            return new CallFailure(Kind.CONTENT_FILTER, model, "the reply was stopped by a content filter");
        }
        if ("length".equals(finish)) {
            return new CallFailure(Kind.NO_FINAL_ANSWER, model, "the reply reached its token cap before it finished");
        }
        if (reply.content() == null || reply.content().isBlank()) {
            return new CallFailure(Kind.EMPTY_REPLY, model, "the reply was empty");
        }
        return null;
    }

    private static Kind kindOf(GatewayException e) {
        String code = lower(e.code());
        String type = lower(e.type());
        String text = lower(e.getMessage());
        return switch (e.status()) {
            case 401, 403 -> Kind.INVALID_KEY;
            case 402 -> Kind.BUDGET_SPENT;
            case 404 -> Kind.UNKNOWN_MODEL;
            case 400, 413, 422 -> {
                if (code.contains("context_length") || text.contains("context length")
                        || text.contains("context window") || text.contains("maximum context")
                        || text.contains("prompt is too long")) {
                    yield Kind.CONTEXT_LENGTH;
                }
                if (code.contains("content_filter") || code.contains("content_policy")
                        || type.contains("content_filter") || text.contains("content management policy")) {
                    yield Kind.CONTENT_FILTER;
                }
                yield Kind.INVALID_REQUEST;
            }
            case 502 -> "invalid_response".equals(type) || "invalid_response".equals(code)
                    ? Kind.UNPARSABLE_REPLY : Kind.UNAVAILABLE;
            default -> Kind.UNAVAILABLE;
        };
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
