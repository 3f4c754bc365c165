package io.trinity.gateway.api;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * A chat completion request. {@code temperature}, {@code maxTokens}, {@code seed} and {@code reasoningEffort} are
 * optional (null means "the model's default"); the seed is what makes simulated and seed-honouring real models
 * reproducible. {@code precedence} says whether these values or the pool entry's win where both set one (null:
 * {@link Precedence#REQUEST}). {@code tags} say who asked, for the gateway's accounting; they never change the reply.
 */
public record ChatRequest(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens, Long seed,
        String reasoningEffort, Precedence precedence, CallTags tags) implements Serializable {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("messages must not be empty");
        }
        precedence = precedence == null ? Precedence.REQUEST : precedence;
        tags = tags == null ? CallTags.NONE : tags;
    }

    public ChatRequest(String model, List<ChatMessage> messages, Double temperature, Integer maxTokens, Long seed) {
        this(model, messages, temperature, maxTokens, seed, null, Precedence.REQUEST, CallTags.NONE);
    }

    public static ChatRequest of(String model, List<ChatMessage> messages) {
        return new ChatRequest(model, messages, null, null, null);
    }

    public ChatRequest withTags(CallTags tags) {
        return new ChatRequest(model, messages, temperature, maxTokens, seed, reasoningEffort, precedence, tags);
    }

    public ChatRequest withPrecedence(Precedence precedence) {
        return new ChatRequest(model, messages, temperature, maxTokens, seed, reasoningEffort, precedence, tags);
    }

    public ChatRequest withMessages(List<ChatMessage> messages) {
        return new ChatRequest(model, messages, temperature, maxTokens, seed, reasoningEffort, precedence, tags);
    }
}
