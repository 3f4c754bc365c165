package io.trinity.gateway.pool;

/** USD per million prompt (input) and completion (output) tokens. */
public record Price(double inputPerMtok, double outputPerMtok) {

    public double cost(int promptTokens, int completionTokens) {
        return promptTokens * inputPerMtok / 1e6 + completionTokens * outputPerMtok / 1e6;
    }
}
