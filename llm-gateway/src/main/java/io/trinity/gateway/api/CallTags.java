package io.trinity.gateway.api;

import java.io.Serializable;
import java.util.regex.Pattern;

/**
 * Who made a call, for accounting: the coordinator role that the model plays ({@code thinker}, {@code worker},
 * {@code verifier}, or any other short label) and the training generation. On the wire they travel as the
 * headers {@value #ROLE_HEADER} and {@value #GENERATION_HEADER}, not in the body, so they never reach an
 * upstream and never change what the response cache sees. Null fields are untagged.
 */
public record CallTags(String role, Integer generation) implements Serializable {

    public static final String ROLE_HEADER = "X-Trinity-Role";
    public static final String GENERATION_HEADER = "X-Trinity-Generation";
    public static final CallTags NONE = new CallTags(null, null);

    /** Labels become metric tags, so they are short and plain. */
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    public CallTags {
        if (role != null && !LABEL.matcher(role).matches()) {
            throw new IllegalArgumentException("role tag must be 1-32 characters of A-Z a-z 0-9 _ . -, got '"
                    + role + "'");
        }
        if (generation != null && generation < 0) {
            throw new IllegalArgumentException("generation tag must be at least 0, got " + generation);
        }
    }
}
