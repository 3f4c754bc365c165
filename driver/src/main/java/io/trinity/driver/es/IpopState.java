package io.trinity.driver.es;

import java.util.Arrays;
import java.util.Objects;

/**
 * A snapshot of an {@link IpopSepCmaEs}, serialisable with Jackson like {@link SepCmaEsState}
 * (which it contains for the run in progress).
 *
 * @param version format version, {@link IpopSepCmaEs#STATE_VERSION}
 * @param initialMean the mean every restart starts from
 * @param maxRestarts restarts allowed in all
 * @param populationFactor population growth per restart
 * @param maxEvaluations evaluation budget over all runs, or {@code null}
 * @param restarts restarts so far
 * @param earlierEvaluations evaluations of the finished runs
 * @param earlierGenerations generations of the finished runs
 * @param bestCandidate best candidate over all runs, or {@code null}
 * @param bestFitness its fitness, or {@code NaN}
 * @param current the run in progress
 */
public record IpopState(
    int version,
    double[] initialMean,
    int maxRestarts,
    double populationFactor,
    Long maxEvaluations,
    int restarts,
    long earlierEvaluations,
    int earlierGenerations,
    double[] bestCandidate,
    double bestFitness,
    SepCmaEsState current) {

  public IpopState {
    if (version != IpopSepCmaEs.STATE_VERSION) {
      throw new IllegalArgumentException(
          "unsupported IPOP state version " + version + ", expected " + IpopSepCmaEs.STATE_VERSION);
    }
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(initialMean, "initialMean");
    if (initialMean.length != current.config().dimension()) {
      throw new IllegalArgumentException("initialMean has length " + initialMean.length + ", expected "
          + current.config().dimension());
    }
    if (restarts < 0 || restarts > maxRestarts || earlierEvaluations < 0 || earlierGenerations < 0) {
      throw new IllegalArgumentException("inconsistent restart counters: restarts=" + restarts + " of "
          + maxRestarts + ", earlierEvaluations=" + earlierEvaluations);
    }
    initialMean = initialMean.clone();
    bestCandidate = bestCandidate == null ? null : bestCandidate.clone();
    if (bestCandidate == null) {
      bestFitness = Double.NaN;
    }
  }

  @Override
  public double[] initialMean() {
    return initialMean.clone();
  }

  @Override
  public double[] bestCandidate() {
    return bestCandidate == null ? null : bestCandidate.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpopState s
        && version == s.version
        && Arrays.equals(initialMean, s.initialMean)
        && maxRestarts == s.maxRestarts
        && Double.compare(populationFactor, s.populationFactor) == 0
        && Objects.equals(maxEvaluations, s.maxEvaluations)
        && restarts == s.restarts
        && earlierEvaluations == s.earlierEvaluations
        && earlierGenerations == s.earlierGenerations
        && Arrays.equals(bestCandidate, s.bestCandidate)
        && Double.compare(bestFitness, s.bestFitness) == 0
        && current.equals(s.current);
  }

  @Override
  public int hashCode() {
    return Objects.hash(restarts, earlierEvaluations, current) * 31 + Arrays.hashCode(initialMean);
  }

  @Override
  public String toString() {
    return "IpopState[restarts=" + restarts + "/" + maxRestarts + ", current=" + current + "]";
  }
}
