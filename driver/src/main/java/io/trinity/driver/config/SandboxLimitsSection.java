package io.trinity.driver.config;

import io.trinity.fitness.sandbox.Limits;
import java.time.Duration;

/**
 * What one sandbox run may use; every key defaults to {@link Limits#DEFAULT}'s value. The minima are what
 * {@code python3} needs to start at all.
 */
public record SandboxLimitsSection(Double wallSeconds, Double cpuSeconds, Integer memoryMb, Integer fileSizeKb,
    Integer processes, Integer scratchMb) {
  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  public SandboxLimitsSection {
    Limits fallback = Limits.DEFAULT;
    wallSeconds = Checks.within("sandbox.limits.wall_seconds", wallSeconds, 0.1, 3600,
        fallback.wallTimeout().toMillis() / 1000.0);
    cpuSeconds = Checks.within("sandbox.limits.cpu_seconds", cpuSeconds, 0.1, 3600,
        fallback.cpuTime().toMillis() / 1000.0);
    memoryMb = Checks.within("sandbox.limits.memory_mb", memoryMb, 64, 1 << 20,
        (int) (fallback.memoryBytes() / MIB));
    fileSizeKb = Checks.within("sandbox.limits.file_size_kb", fileSizeKb, 4, 1 << 22,
        (int) (fallback.fileSizeBytes() / KIB));
    processes = Checks.within("sandbox.limits.processes", processes, 4, 4096, fallback.maxProcesses());
    scratchMb = Checks.within("sandbox.limits.scratch_mb", scratchMb, 1, 1 << 20,
        (int) (fallback.scratchBytes() / MIB));
  }

  public static SandboxLimitsSection defaults() {
    return new SandboxLimitsSection(null, null, null, null, null, null);
  }

  Limits limits() {
    return new Limits(Duration.ofMillis(Math.round(wallSeconds * 1000)), Duration.ofMillis(Math.round(
        cpuSeconds * 1000)), memoryMb * MIB, fileSizeKb * KIB, processes, scratchMb * MIB);
  }
}
