package io.trinity.fitness.sandbox;

/** How strongly a sandbox separates the code it runs from the machine. */
public enum Isolation {

    /**
     * Bubblewrap: new user, pid, network, ipc, uts and cgroup namespaces, a read-only root holding only
     * {@code /usr} (and its merged-usr links), a size-capped private tmpfs as the only writable place, no
     * network, and every process of a run killed with the pid namespace. Resource limits as below.
     */
    BUBBLEWRAP,

    /**
     * The explicit opt-out where bubblewrap is missing or cannot create namespaces: resource limits (CPU, address space,
     * file size, process count), a scrubbed environment, a private working directory, an unprivileged user when
     * started as root, and a kill of the process tree. It does NOT block the network, does not hide the file
     * system and cannot catch a process that detaches itself from the tree; use it for trusted code only.
     */
    RLIMITS_ONLY
}
