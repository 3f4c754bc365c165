package io.trinity.driver.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.trinity.driver.es.SepCmaEsState;
import io.trinity.driver.optimise.OptimiserState;
import io.trinity.driver.gateway.Spend;
import java.util.List;

/**
 * Everything a resumed run needs to continue exactly where it stopped: the optimiser (with its RNG), the best
 * validated head so far, the budget spent, the wall time used, and what the run was (model order, head size) so
 * a changed config is caught (the optimiser's type too). Task picks and sample indices are pure functions of (seed, generation) and need
 * no state of their own.
 *
 * <p>{@code spent} is what the run's episodes used, replies from the cache included; {@code paid} is what the
 * in-process gateway paid upstream over all sessions of the run, including calls of a generation cut short by
 * the budget, so that a resumed run gets only what the pool's budget has left. It is null with an external
 * gateway, whose budget is its own, and in checkpoints written before it was kept. {@code runId} names the run
 * in its exports; checkpoints written before it was kept have none, and the resumed run gets a new one.
 */
public record Checkpoint(int version, String runId, long seed, List<String> models, int parameterCount,
    @JsonInclude(JsonInclude.Include.NON_NULL) SepCmaEsState optimizer, OptimiserState optimiser,
    ValidatedHead best, Spend spent, double wallSeconds, Spend paid) {
  /** Format 2 names the optimiser ({@code optimiser.type}); format 1 held sep-CMA-ES's state in {@code optimizer}. */
  public static final int VERSION = 2;
  public static final int VERSION_SEP_CMA_ES_ONLY = 1;
  public static final String FILE = "checkpoint.json";

  public Checkpoint withPaid(Spend paid) {
    return new Checkpoint(version, runId, seed, models, parameterCount, optimizer, optimiser, best, spent,
        wallSeconds, paid);
  }

  /** The optimiser mean with the best validation score so far, and the generation after which it was the mean. */
  public record ValidatedHead(int generation, double score, double[] head) {}
}
