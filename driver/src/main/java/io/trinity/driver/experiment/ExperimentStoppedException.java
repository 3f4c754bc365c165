package io.trinity.driver.experiment;

/**
 * An experiment that cannot go on (a run's budget ran out before its held-out comparison); what finished is kept
 * and running the same command again resumes it. The command line exits with code 3, as a stopped training does.
 */
public final class ExperimentStoppedException extends RuntimeException {
  public ExperimentStoppedException(String message) {
    super(message);
  }
}
