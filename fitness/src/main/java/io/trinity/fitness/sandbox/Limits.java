package io.trinity.fitness.sandbox;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The resources one sandbox run may use.
 *
 * @param wallTimeout    wall-clock time before the sandbox kills the run
 * @param cpuTime        CPU time (RLIMIT_CPU, whole seconds, rounded up)
 * @param memoryBytes    address space of each process (RLIMIT_AS)
 * @param fileSizeBytes  largest file a process may write (RLIMIT_FSIZE); this also bounds stdout and stderr
 * @param maxProcesses   processes and threads of the run together (RLIMIT_NPROC, counted per run by the user
 *                       namespace under bubblewrap)
 * @param scratchBytes   size of the private writable {@code /tmp} under bubblewrap
 */
public record Limits(Duration wallTimeout, Duration cpuTime, long memoryBytes, long fileSizeBytes,
        int maxProcesses, long scratchBytes) implements Serializable {

    private static final long MIB = 1024L * 1024;

    /**
     * 20 s wall, 10 s CPU, 1 GiB memory, 8 MiB per file and per output stream, 32 processes, 64 MiB scratch. The
     * wall limit is the wider one so that a busy machine does not fail code that fits its CPU budget.
     */
    public static final Limits DEFAULT =
            new Limits(Duration.ofSeconds(20), Duration.ofSeconds(10), 1024 * MIB, 8 * MIB, 32, 64 * MIB);

    public Limits {
        Objects.requireNonNull(wallTimeout, "wallTimeout");
        Objects.requireNonNull(cpuTime, "cpuTime");
        if (wallTimeout.isNegative() || wallTimeout.isZero() || cpuTime.isNegative() || cpuTime.isZero()) {
            throw new IllegalArgumentException("wallTimeout and cpuTime must be positive");
        }
        // Python itself needs about 30 MiB of address space and a handful of processes to start.
        if (memoryBytes < 64 * MIB || fileSizeBytes < 4096 || maxProcesses < 4 || scratchBytes < MIB) {
            throw new IllegalArgumentException("limits too small to start python3: memory >= 64 MiB, file size"
                    + " >= 4 KiB, processes >= 4, scratch >= 1 MiB; got " + this);
        }
    }

    long cpuSeconds() {
        return Math.max(1, (cpuTime.toMillis() + 999) / 1000);
    }

    public Limits withWallTimeout(Duration timeout) {
        return new Limits(timeout, cpuTime, memoryBytes, fileSizeBytes, maxProcesses, scratchBytes);
    }

    public Limits withCpuTime(Duration time) {
        return new Limits(wallTimeout, time, memoryBytes, fileSizeBytes, maxProcesses, scratchBytes);
    }

    public Limits withFileSizeBytes(long bytes) {
        return new Limits(wallTimeout, cpuTime, memoryBytes, bytes, maxProcesses, scratchBytes);
    }
}
