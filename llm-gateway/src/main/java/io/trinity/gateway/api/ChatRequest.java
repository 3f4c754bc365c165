package io.trinity.gateway.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A chat completion request. {@code temperature}, {@code maxTokens} and {@code seed} are optional (null means
 * "the model's default"); the seed is what makes simulated and seed-honouring real models reproducible.
 */
public record ChatRequest(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens, Long seed)
        implements Serializable {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
    }

    public static ChatRequest of(String model, List<ChatMessage> messages) {
        return new ChatRequest(model, messages, null, null, null);
    }
}
