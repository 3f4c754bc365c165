package io.trinity.gateway.api;

import java.io.Serializable;
import java.util.Objects;
import java.util.Set;

/** One message of a chat transcript. */
public record ChatMessage(String role, String content) implements Serializable {

    /** The roles of the OpenAI chat format that Trinity uses; tool and function messages are out of scope. */
    public static final Set<String> ROLES = Set.of("system", "user", "assistant");

    public ChatMessage {
        Objects.requireNonNull(content, "content");
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("role must be one of system, user, assistant; got " + role);
        }
    }

    public static ChatMessage system(String content) {
        return new ChatMessage("system", content);
    }

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
