package io.trinity.gateway.pool;

/**
 * Which request parameters a remote model takes, so that it is never sent one its API refuses: the field its reply
 * cap goes in ({@link TokenCap}), whether it accepts {@code temperature} (OpenAI's reasoning models and Anthropic's
 * extended thinking do not), Anthropic's extended-thinking budget (null: thinking off), and its context window in
 * tokens (null: unknown, nothing is cut).
 */
public record ApiParameters(TokenCap tokenCap, boolean acceptsTemperature, Integer thinkingBudget,
        Integer contextTokens) {

    /** Anthropic's smallest {@code thinking.budget_tokens}. */
    public static final int MIN_THINKING_BUDGET = 1024;
    /** What an OpenAI-compatible entry takes unless it says otherwise. */
    public static final ApiParameters OPENAI = new ApiParameters(TokenCap.MAX_TOKENS, true, null, null);

    /** The request field the reply's token cap is sent in, named as in pool files ({@code max_tokens_param}). */
    public enum TokenCap {
        MAX_TOKENS("max_tokens"), MAX_COMPLETION_TOKENS("max_completion_tokens"), NONE("none");

        private final String poolName;

        TokenCap(String poolName) {
            this.poolName = poolName;
        }

        public String poolName() {
            return poolName;
        }
    }

    public ApiParameters {
        if (tokenCap == null) {
            throw new IllegalArgumentException("tokenCap must not be null");
        }
        if (thinkingBudget != null && (thinkingBudget < MIN_THINKING_BUDGET || acceptsTemperature)) {
            throw new IllegalArgumentException("a thinking budget is at least " + MIN_THINKING_BUDGET
                    + " tokens and rules out temperature");
        }
        if (contextTokens != null && contextTokens < 1) {
            throw new IllegalArgumentException("contextTokens must be positive, got " + contextTokens);
        }
    }
}
