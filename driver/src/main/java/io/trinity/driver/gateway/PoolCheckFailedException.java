package io.trinity.driver.gateway;

import io.trinity.gateway.check.PoolCheckReport;

/** The pool check before a job found problems: the message lists each on its own line, and what to do. */
public final class PoolCheckFailedException extends RuntimeException {
  private final transient PoolCheckReport report;

  public PoolCheckFailedException(PoolCheckReport report) {
    super("the pool check found " + report.problems().size() + " problem(s) before the first episode; nothing "
        + "was played (fix the pool and run the same command again, or set pool.preflight: false to skip the "
        + "check):\n" + String.join("\n", report.problems()));
    this.report = report;
  }

  public PoolCheckReport report() {
    return report;
  }
}
