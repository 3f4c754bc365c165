package io.trinity.gateway.api;

/**
 * A chat-completions request as it arrived at the gateway: the request, and whether the client wants the reply as
 * server-sent events ({@code stream}) with a final usage chunk ({@code stream_options.include_usage}).
 */
public record ChatCall(ChatRequest request, boolean stream, boolean includeUsage) {
}
