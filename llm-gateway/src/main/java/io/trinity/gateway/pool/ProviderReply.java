package io.trinity.gateway.pool;

/** A provider's answer; the gateway prices it with the model's {@link Price}. */
public record ProviderReply(String content, String finishReason, int promptTokens, int completionTokens) {
}
