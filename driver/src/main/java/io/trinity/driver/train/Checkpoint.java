package io.trinity.driver.train;

import io.trinity.driver.es.SepCmaEsState;
import java.util.List;

/**
 * Everything a resumed run needs to continue exactly where it stopped: the optimiser (with its RNG), the best
 * validated head so far, the budget spent, the wall time used, and what the run was (model order, head size) so
 * a changed config is caught. Query picks and sample indices are pure functions of (seed, generation) and need
 * no state of their own.
 */
public record Checkpoint(int version, long seed, List<String> models, int parameterCount, SepCmaEsState optimizer,
    ValidatedHead best, Spend spent, double wallSeconds) {
  public static final int VERSION = 1;
  public static final String FILE = "checkpoint.json";

  /** The optimiser mean with the best validation score so far, and the generation after which it was the mean. */
  public record ValidatedHead(int generation, double score, double[] head) {}
}
