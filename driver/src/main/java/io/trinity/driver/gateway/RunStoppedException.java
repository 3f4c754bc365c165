package io.trinity.driver.gateway;

import io.trinity.driver.spark.RoundFailedException;
import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.pool.ModelSpec;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.UpstreamProblems;

/**
 * A training or evaluation run stopped on a failure it cannot play through: a configuration error (exit code
 * {@value #CONFIGURATION_EXIT}) or an upstream that stayed unavailable (exit code {@value #UNAVAILABLE_EXIT}). Its
 * message is the one line the command line prints: the model, its URL or key variable, what to do, and that what
 * was saved is intact.
 */
public final class RunStoppedException extends RuntimeException {
  public static final int CONFIGURATION_EXIT = 2;
  public static final int UNAVAILABLE_EXIT = 3;

  private final int exitCode;

  private RunStoppedException(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }

  /** {@code saved} says what the stop left intact, e.g. "its checkpoint in /runs/a is intact". */
  public static RunStoppedException of(RoundFailedException stop, PoolConfig pool, String saved) {
    CallFailure failure = stop.failure();
    ModelSpec spec = failure.model() == null ? null : pool.models().stream()
        .filter(m -> m.name().equals(failure.model())).findFirst().orElse(null);
    boolean unavailable = failure.category() == CallFailure.Category.TRANSIENT;
    String line;
    if (unavailable) {
      line = spec != null ? UpstreamProblems.unavailable(spec, failure.message())
          : failure.message() + " (still failing after every retry)";
    } else {
      line = failure.message();
    }
    String stopped = unavailable ? "; the run stopped" : "; the run stopped before spending more";
    return new RunStoppedException(oneLine(line) + stopped + "; " + saved, unavailable ? UNAVAILABLE_EXIT
        : CONFIGURATION_EXIT, stop);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
