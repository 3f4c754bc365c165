package io.trinity.gateway.api;

import java.io.Serializable;

/** Token counts of one call and its cost in USD, priced by the gateway from the pool's price list. */
public record Usage(int promptTokens, int completionTokens, double cost) implements Serializable {

    public int totalTokens() {
        return promptTokens + completionTokens;
    }
}
