package io.trinity.fitness.sandbox;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which isolation a sandbox must use; configs and the command line name it {@code bubblewrap} or {@code limits_only}. */
public enum IsolationPolicy {
    /** Bubblewrap or nothing, the default: building the sandbox fails where it does not work. */
    BUBBLEWRAP("bubblewrap"),
    /** Resource limits only, on purpose (trusted code, or a machine without namespaces); logs a warning. */
    RLIMITS_ONLY("limits_only");

    private final String wireName;

    IsolationPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The policy of a config value or option, else an error that lists the names. */
    public static IsolationPolicy fromName(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        for (IsolationPolicy policy : values()) {
            if (policy.wireName.equals(wanted)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(values())
                .map(IsolationPolicy::wireName).collect(Collectors.joining(", ")) + ", got '" + name + "'");
    }
}
