package io.trinity.fitness.sandbox;

/** Which isolation a sandbox must use. */
public enum IsolationPolicy {
    /** Bubblewrap when a trial run under it works, else resource limits only, with a warning in the log. */
    BEST_AVAILABLE,
    /** Bubblewrap or nothing: building the sandbox fails where it does not work. */
    BUBBLEWRAP,
    /** Resource limits only, on purpose (trusted code, or a machine without namespaces). */
    RLIMITS_ONLY
}
