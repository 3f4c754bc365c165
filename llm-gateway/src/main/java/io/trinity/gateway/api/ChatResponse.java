package io.trinity.gateway.api;

import java.io.Serializable;

/** The first (and only) choice of a chat completion, with the pool model name the client asked for. */
public record ChatResponse(String id, String model, String content, String finishReason, Usage usage)
        implements Serializable {
}
