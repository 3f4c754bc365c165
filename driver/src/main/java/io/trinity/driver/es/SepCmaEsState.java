package io.trinity.driver.es;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link SepCmaEs}: everything needed to continue the run bit for bit
 * with {@link SepCmaEs#restore(SepCmaEsState)}, including the run's {@link SepCmaEsConfig}.
 *
 * <p>Format version 2, serialisable with Jackson 2.15 as a plain JSON object (records are
 * supported natively): {@code version}, {@code config} (dimension, populationSize, parents,
 * weighting, constants, mirrored, objective, sigma0, bounds, nonFinitePolicy, stopCriteria),
 * {@code sigma}, {@code mean}, {@code diagC}, {@code pathSigma}, {@code pathC}, {@code
 * generation}, {@code evaluations}, {@code bestCandidate}, {@code bestFitness}, {@code
 * nonFiniteFitnessCount}, {@code recentGenerationBest}, {@code lastGenerationRange} and {@code
 * rng}. Doubles are written in their shortest round-tripping form and read back exactly; the
 * generator state is four JSON integers. The strategy constants are not stored: they are a pure
 * function of the configuration ({@link SepCmaEsConfig#parameters()}). Version 1 (the first
 * session's format, without the configuration) is refused with a clear error.
 *
 * <p>{@code bestCandidate} is {@code null} and {@code bestFitness} is {@code NaN} before the first
 * finite fitness was told (Jackson writes {@code NaN} as the string {@code "NaN"} and reads it
 * back). The arrays are copied on the way in and on the way out; {@link #equals} compares array
 * contents.
 *
 * @param version format version, {@link SepCmaEs#STATE_VERSION}
 * @param config the run's fixed configuration
 * @param sigma global step size
 * @param mean distribution mean, length {@code n}
 * @param diagC diagonal of the covariance matrix C, length {@code n}, all positive
 * @param pathSigma conjugate evolution path for step-size adaptation, length {@code n}
 * @param pathC evolution path for the rank-one update, length {@code n}
 * @param generation number of completed {@code tell} calls
 * @param evaluations number of fitness values told so far
 * @param bestCandidate best candidate told so far, or {@code null}
 * @param bestFitness its fitness, or {@code NaN}
 * @param nonFiniteFitnessCount fitness values that were NaN or infinite (under {@link NonFinitePolicy#WORST})
 * @param recentGenerationBest the best fitness of each of the last generations, oldest first, at
 *     most {@link StopCriteria#tolFunWindow} of them
 * @param lastGenerationRange the range of the last generation's fitness values ({@code NaN} before
 *     the first {@code tell})
 * @param rng generator state; when the snapshot is taken between {@code ask} and {@code tell} it
 *     is the state before that {@code ask}, so the restored optimiser's next {@code ask} returns
 *     the same candidates again
 */
public record SepCmaEsState(
    int version,
    SepCmaEsConfig config,
    double sigma,
    double[] mean,
    double[] diagC,
    double[] pathSigma,
    double[] pathC,
    int generation,
    long evaluations,
    double[] bestCandidate,
    double bestFitness,
    long nonFiniteFitnessCount,
    double[] recentGenerationBest,
    double lastGenerationRange,
    RngState rng) {

  public SepCmaEsState {
    if (version != SepCmaEs.STATE_VERSION) {
      throw new IllegalArgumentException("unsupported sep-CMA-ES state version " + version
          + ", expected " + SepCmaEs.STATE_VERSION
          + (version == 1 ? " (version 1 checkpoints predate the stored configuration; start a new run)" : ""));
    }
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(rng, "rng");
    final int n = config.dimension();
    if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
    }
    mean = checkedCopy("mean", mean, n);
    diagC = checkedCopy("diagC", diagC, n);
    pathSigma = checkedCopy("pathSigma", pathSigma, n);
    pathC = checkedCopy("pathC", pathC, n);
    for (int i = 0; i < n; i++) {
      if (!(diagC[i] > 0.0)) {
        throw new IllegalArgumentException("diagC[" + i + "] must be positive, got " + diagC[i]);
      }
    }
    if (generation < 0 || evaluations < 0 || nonFiniteFitnessCount < 0) {
      throw new IllegalArgumentException(
          "generation, evaluations and nonFiniteFitnessCount must be >= 0");
    }
    if (bestCandidate != null) {
      bestCandidate = checkedCopy("bestCandidate", bestCandidate, n);
      if (!Double.isFinite(bestFitness)) {
        throw new IllegalArgumentException("bestFitness must be finite when bestCandidate is set");
      }
    } else {
      bestFitness = Double.NaN;
    }
    Objects.requireNonNull(recentGenerationBest, "recentGenerationBest");
    final int window = StopCriteria.tolFunWindow(n, config.populationSize());
    if (recentGenerationBest.length > Math.min(window, generation)) {
      throw new IllegalArgumentException("recentGenerationBest holds " + recentGenerationBest.length
          + " values, more than min(window " + window + ", generation " + generation + ")");
    }
    recentGenerationBest = recentGenerationBest.clone();
  }

  private static double[] checkedCopy(String name, double[] a, int n) {
    Objects.requireNonNull(a, name);
    if (a.length != n) {
      throw new IllegalArgumentException(name + " has length " + a.length + ", expected " + n);
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(a[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + a[i]);
      }
    }
    return a.clone();
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] diagC() {
    return diagC.clone();
  }

  @Override
  public double[] pathSigma() {
    return pathSigma.clone();
  }

  @Override
  public double[] pathC() {
    return pathC.clone();
  }

  @Override
  public double[] bestCandidate() {
    return bestCandidate == null ? null : bestCandidate.clone();
  }

  @Override
  public double[] recentGenerationBest() {
    return recentGenerationBest.clone();
  }

  /** Package-private views without copying, for {@link SepCmaEs#restore}. */
  double[] meanView() {
    return mean;
  }

  double[] diagCView() {
    return diagC;
  }

  double[] pathSigmaView() {
    return pathSigma;
  }

  double[] pathCView() {
    return pathC;
  }

  double[] recentGenerationBestView() {
    return recentGenerationBest;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SepCmaEsState s
        && version == s.version
        && config.equals(s.config)
        && Double.compare(sigma, s.sigma) == 0
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(diagC, s.diagC)
        && Arrays.equals(pathSigma, s.pathSigma)
        && Arrays.equals(pathC, s.pathC)
        && generation == s.generation
        && evaluations == s.evaluations
        && Arrays.equals(bestCandidate, s.bestCandidate)
        && Double.compare(bestFitness, s.bestFitness) == 0
        && nonFiniteFitnessCount == s.nonFiniteFitnessCount
        && Arrays.equals(recentGenerationBest, s.recentGenerationBest)
        && Double.compare(lastGenerationRange, s.lastGenerationRange) == 0
        && rng.equals(s.rng);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(version, config, sigma, generation, evaluations, nonFiniteFitnessCount);
    h = 31 * h + Arrays.hashCode(mean);
    h = 31 * h + Arrays.hashCode(diagC);
    h = 31 * h + Arrays.hashCode(pathSigma);
    h = 31 * h + Arrays.hashCode(pathC);
    h = 31 * h + Arrays.hashCode(bestCandidate);
    h = 31 * h + Double.hashCode(bestFitness);
    h = 31 * h + Arrays.hashCode(recentGenerationBest);
    h = 31 * h + Double.hashCode(lastGenerationRange);
    return 31 * h + rng.hashCode();
  }

  @Override
  public String toString() {
    return "SepCmaEsState[version=" + version + ", n=" + config.dimension() + ", lambda="
        + config.populationSize() + ", sigma=" + sigma + ", generation=" + generation
        + ", evaluations=" + evaluations + ", bestFitness=" + bestFitness + "]";
  }
}
