package io.trinity.driver.es;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * IPOP restarts (Auger and Hansen 2005) around {@link SepCmaEs}, with the same ask-and-tell
 * interface: when the current run meets one of its local stop criteria (tolFun, tolX, sigma
 * blow-up or collapse, condition), a new run starts from the same initial mean and sigma0 with the
 * population size multiplied by {@code populationFactor} (default 2; rounded up to even when
 * mirrored). The first run's {@link StopCriteria#maxEvaluations()} and {@link
 * StopCriteria#targetFitness()} apply to the whole sequence of runs, and the whole sequence stops
 * after {@code maxRestarts} restarts. Each restart's seed is drawn from the previous run's
 * generator, so the sequence is reproducible from the first seed and restorable from {@link
 * #state()}.
 */
public final class IpopSepCmaEs {

  /** Version of {@link IpopState} written by this class. */
  public static final int STATE_VERSION = 1;

  private static final Set<StopReason> GLOBAL =
      EnumSet.of(StopReason.TARGET_FITNESS, StopReason.MAX_EVALUATIONS);

  private final double[] initialMean;
  private final int maxRestarts;
  private final double populationFactor;
  private final Long maxEvaluations;
  private SepCmaEs current;
  private int restarts;
  private long earlierEvaluations;
  private int earlierGenerations;
  private double[] bestCandidate;
  private double bestFitness = Double.NaN;

  private IpopSepCmaEs(double[] initialMean, int maxRestarts, double populationFactor,
      Long maxEvaluations, SepCmaEs current) {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, got " + maxRestarts);
    }
    if (!(populationFactor >= 1.0) || !Double.isFinite(populationFactor)) {
      throw new IllegalArgumentException("populationFactor must be >= 1, got " + populationFactor);
    }
    this.initialMean = initialMean.clone();
    this.maxRestarts = maxRestarts;
    this.populationFactor = populationFactor;
    this.maxEvaluations = maxEvaluations;
    this.current = current;
  }

  /**
   * Restarts around {@code first}, which must not have run yet: its mean is the initial mean of
   * every restart and its stop criteria's evaluation budget becomes the budget of all runs.
   */
  public static IpopSepCmaEs of(SepCmaEs first, int maxRestarts, double populationFactor) {
    Objects.requireNonNull(first, "first");
    if (first.generation() != 0 || first.isAwaitingTell()) {
      throw new IllegalArgumentException("IPOP needs a fresh optimiser, got one at generation " + first.generation());
    }
    SepCmaEsConfig config = first.config();
    Long budget = config.stopCriteria().maxEvaluations();
    SepCmaEs local = SepCmaEs.start(
        config.withStopCriteria(config.stopCriteria().withMaxEvaluations(null)), first.mean(), first.drawSeed());
    return new IpopSepCmaEs(first.mean(), maxRestarts, populationFactor, budget, local);
  }

  public double[][] ask() {
    return current.ask();
  }

  /** Tells the current run, then restarts it if it stopped for a local reason and restarts are left. */
  public void tell(double[][] candidates, double[] fitness) {
    current.tell(candidates, fitness);
    double[] best = current.bestCandidate();
    if (best != null && (bestCandidate == null || current.objective().isBetter(current.bestFitness(), bestFitness))) {
      bestCandidate = best;
      bestFitness = current.bestFitness();
    }
    if (stopReasons().isEmpty() && current.shouldStop()) {
      restart();
    }
  }

  private void restart() {
    SepCmaEsConfig config = current.config();
    int lambda = (int) Math.ceil(config.populationSize() * populationFactor);
    if (config.mirrored() && lambda % 2 != 0) {
      lambda++;
    }
    long seed = current.drawSeed();
    earlierEvaluations += current.evaluations();
    earlierGenerations += current.generation();
    current = SepCmaEs.start(config.withPopulationSize(lambda), initialMean, seed);
    restarts++;
  }

  /**
   * Why the whole sequence should stop: the target or the evaluation budget, or, once no restart
   * is left, the current run's own reasons. Empty while it should go on.
   */
  public List<StopReason> stopReasons() {
    List<StopReason> reasons = new ArrayList<>();
    List<StopReason> local = current.stopReasons();
    for (StopReason r : local) {
      if (GLOBAL.contains(r)) {
        reasons.add(r);
      }
    }
    if (maxEvaluations != null && evaluations() >= maxEvaluations && !reasons.contains(StopReason.MAX_EVALUATIONS)) {
      reasons.add(StopReason.MAX_EVALUATIONS);
    }
    if (reasons.isEmpty() && restarts >= maxRestarts) {
      reasons.addAll(local);
    }
    return reasons;
  }

  public boolean shouldStop() {
    return !stopReasons().isEmpty();
  }

  /** Restarts so far (0 during the first run). */
  public int restarts() {
    return restarts;
  }

  /** The run in progress. */
  public SepCmaEs current() {
    return current;
  }

  /** Fitness values told over all runs. */
  public long evaluations() {
    return earlierEvaluations + current.evaluations();
  }

  /** Generations over all runs. */
  public int generations() {
    return earlierGenerations + current.generation();
  }

  public double[] bestCandidate() {
    return bestCandidate == null ? null : bestCandidate.clone();
  }

  public double bestFitness() {
    return bestFitness;
  }

  public IpopState state() {
    return new IpopState(STATE_VERSION, initialMean, maxRestarts, populationFactor, maxEvaluations,
        restarts, earlierEvaluations, earlierGenerations, bestCandidate, bestFitness, current.state());
  }

  /** Continues the sequence of runs bit for bit from {@code state}. */
  public static IpopSepCmaEs restore(IpopState state) {
    Objects.requireNonNull(state, "state");
    IpopSepCmaEs ipop = new IpopSepCmaEs(state.initialMean(), state.maxRestarts(), state.populationFactor(),
        state.maxEvaluations(), SepCmaEs.restore(state.current()));
    ipop.restarts = state.restarts();
    ipop.earlierEvaluations = state.earlierEvaluations();
    ipop.earlierGenerations = state.earlierGenerations();
    ipop.bestCandidate = state.bestCandidate();
    ipop.bestFitness = state.bestFitness();
    return ipop;
  }
}
