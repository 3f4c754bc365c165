package io.trinity.fitness.sandbox;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to build a sandbox, small enough to travel from a job's configuration to every machine that grades code.
 *
 * @param limits      what one run may use
 * @param parallelism runs at once; {@link #PER_CORE} for the grading machine's processor count
 * @param isolation   bubblewrap, or resource limits only on purpose
 */
public record SandboxSettings(Limits limits, int parallelism, IsolationPolicy isolation) implements Serializable {

    /** A parallelism of one run per processor of whichever machine grades. */
    public static final int PER_CORE = 0;

    /** Default limits, one run per core, bubblewrap required. */
    public static final SandboxSettings DEFAULT = new SandboxSettings(Limits.DEFAULT, PER_CORE,
            IsolationPolicy.BUBBLEWRAP);

    public SandboxSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(isolation, "isolation");
        if (parallelism < PER_CORE) {
            throw new IllegalArgumentException("parallelism must be at least 1 (or PER_CORE), got " + parallelism);
        }
    }

    public SandboxSettings withIsolation(IsolationPolicy policy) {
        return new SandboxSettings(limits, parallelism, policy);
    }

    /** Builds the sandbox these settings describe, after its trial run. */
    public Sandbox build() {
        Sandbox.Builder builder = Sandbox.builder().limits(limits).isolation(isolation);
        if (parallelism != PER_CORE) {
            builder.parallelism(parallelism);
        }
        return builder.build();
    }
}
