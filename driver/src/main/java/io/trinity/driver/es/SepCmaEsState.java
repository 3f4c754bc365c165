package io.trinity.driver.es;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable snapshot of a {@link SepCmaEs}: everything needed to continue the run bit for bit
 * with {@link SepCmaEs#restore(SepCmaEsState)}. The strategy constants are not stored; they are a
 * pure function of {@code (dimension, populationSize)} (see {@link SepCmaEsParameters}).
 *
 * <p>Serialisable with Jackson 2.15 as a plain JSON object (records are supported natively).
 * Doubles are written by Jackson in their shortest round-tripping form and read back exactly, and
 * the generator state is four JSON integers.
 *
 * <p>{@code bestCandidate} is {@code null} and {@code bestFitness} is {@code NaN} before the first
 * {@code tell} (Jackson's default writes {@code NaN} as the string {@code "NaN"} and reads it
 * back).
 *
 * <p>The arrays are copied on the way in and on the way out, so a snapshot cannot be changed
 * after the fact; {@link #equals} compares array contents.
 *
 * @param version format version, {@link SepCmaEs#STATE_VERSION}
 * @param dimension number of coordinates {@code n}
 * @param populationSize candidates per generation {@code lambda}
 * @param mirrored whether candidates come in mirrored pairs with pairwise selection
 * @param objective whether larger or smaller fitness is better
 * @param sigma global step size
 * @param mean distribution mean, length {@code n}
 * @param diagC diagonal of the covariance matrix C, length {@code n}, all positive
 * @param pathSigma conjugate evolution path for step-size adaptation, length {@code n}
 * @param pathC evolution path for the rank-one update, length {@code n}
 * @param generation number of completed {@code tell} calls
 * @param evaluations number of fitness values told so far
 * @param bestCandidate best candidate told so far, or {@code null}
 * @param bestFitness its fitness, or {@code NaN}
 * @param rng generator state; when the snapshot is taken between {@code ask} and {@code tell} it
 *     is the state before that {@code ask}, so the restored optimiser's next {@code ask} returns
 *     the same candidates again
 */
public record SepCmaEsState(
    int version,
    int dimension,
    int populationSize,
    boolean mirrored,
    Objective objective,
    double sigma,
    double[] mean,
    double[] diagC,
    double[] pathSigma,
    double[] pathC,
    int generation,
    long evaluations,
    double[] bestCandidate,
    double bestFitness,
    RngState rng) {

  public SepCmaEsState {
    if (version != SepCmaEs.STATE_VERSION) {
      throw new IllegalArgumentException(
          "unsupported SepCmaEsState version " + version + ", expected " + SepCmaEs.STATE_VERSION);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    if (populationSize < 2) {
      throw new IllegalArgumentException("populationSize must be >= 2, got " + populationSize);
    }
    if (mirrored && populationSize % 2 != 0) {
      throw new IllegalArgumentException("mirrored sampling needs an even populationSize, got " + populationSize);
    }
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(rng, "rng");
    if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
      throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
    }
    mean = checkedCopy("mean", mean, dimension);
    diagC = checkedCopy("diagC", diagC, dimension);
    pathSigma = checkedCopy("pathSigma", pathSigma, dimension);
    pathC = checkedCopy("pathC", pathC, dimension);
    for (int i = 0; i < dimension; i++) {
      if (!(diagC[i] > 0.0)) {
        throw new IllegalArgumentException("diagC[" + i + "] must be positive, got " + diagC[i]);
      }
    }
    if (generation < 0 || evaluations < 0) {
      throw new IllegalArgumentException("generation and evaluations must be >= 0");
    }
    if (bestCandidate != null) {
      bestCandidate = checkedCopy("bestCandidate", bestCandidate, dimension);
      if (!Double.isFinite(bestFitness)) {
        throw new IllegalArgumentException("bestFitness must be finite when bestCandidate is set");
      }
    } else {
      bestFitness = Double.NaN;
    }
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

  @Override
  public boolean equals(Object o) {
    return o instanceof SepCmaEsState s
        && version == s.version
        && dimension == s.dimension
        && populationSize == s.populationSize
        && mirrored == s.mirrored
        && objective == s.objective
        && Double.compare(sigma, s.sigma) == 0
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(diagC, s.diagC)
        && Arrays.equals(pathSigma, s.pathSigma)
        && Arrays.equals(pathC, s.pathC)
        && generation == s.generation
        && evaluations == s.evaluations
        && Arrays.equals(bestCandidate, s.bestCandidate)
        && Double.compare(bestFitness, s.bestFitness) == 0
        && rng.equals(s.rng);
  }

  @Override
  public int hashCode() {
    int h = Objects.hash(version, dimension, populationSize, mirrored, objective, sigma, generation);
    h = 31 * h + Long.hashCode(evaluations);
    h = 31 * h + Arrays.hashCode(mean);
    h = 31 * h + Arrays.hashCode(diagC);
    h = 31 * h + Arrays.hashCode(pathSigma);
    h = 31 * h + Arrays.hashCode(pathC);
    h = 31 * h + Arrays.hashCode(bestCandidate);
    h = 31 * h + Double.hashCode(bestFitness);
    return 31 * h + rng.hashCode();
  }

  @Override
  public String toString() {
    return "SepCmaEsState[version="
        + version
        + ", dimension="
        + dimension
        + ", populationSize="
        + populationSize
        + ", mirrored="
        + mirrored
        + ", objective="
        + objective
        + ", sigma="
        + sigma
        + ", generation="
        + generation
        + ", evaluations="
        + evaluations
        + ", bestFitness="
        + bestFitness
        + "]";
  }
}
