package io.trinity.driver.config;

import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.SandboxSettings;

/**
 * The code sandbox of every machine that grades code answers. {@code isolation} is {@code bubblewrap} (the default:
 * code grading refuses to start where bubblewrap does not work) or {@code limits_only}, the explicit opt-out that
 * runs code with resource limits alone and logs a warning. {@code parallelism} bounds the runs at once on each
 * machine (default: its processor count); {@code limits} bounds each run.
 */
public record SandboxSection(String isolation, Integer parallelism, SandboxLimitsSection limits) {
  public SandboxSection {
    isolation = isolation == null ? IsolationPolicy.BUBBLEWRAP.wireName() : isolation;
    try {
      IsolationPolicy.fromName(isolation);
    } catch (IllegalArgumentException e) {
      // Not chained: the config loader reports the root cause, and this message names the key.
      throw new IllegalArgumentException("sandbox.isolation: " + e.getMessage());
    }
    if (parallelism != null) {
      Checks.atLeast("sandbox.parallelism", parallelism, 1, 1);
    }
    limits = limits == null ? SandboxLimitsSection.defaults() : limits;
  }

  public static SandboxSection defaults() {
    return new SandboxSection(null, null, null);
  }

  /** What the executors build their sandbox from. */
  public SandboxSettings settings() {
    return new SandboxSettings(limits.limits(), parallelism == null ? SandboxSettings.PER_CORE : parallelism,
        IsolationPolicy.fromName(isolation));
  }
}
