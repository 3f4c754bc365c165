package io.trinity.driver.spark;

/**
 * What grading a round's code answers took, summed over its executors' successful Spark task attempts: programs
 * run in a sandbox, answers an executor's grade cache already knew, and runs the sandbox itself failed (counted
 * apart from wrong programs: such an answer was graded wrong without having been run).
 */
public record CodeGrading(long runs, long cacheHits, long sandboxFailures) {

  public static final CodeGrading NONE = new CodeGrading(0, 0, 0);

  /** Both rounds' counts together. */
  public CodeGrading plus(CodeGrading other) {
    return new CodeGrading(runs + other.runs, cacheHits + other.cacheHits, sandboxFailures + other.sandboxFailures);
  }
}
