package io.trinity.driver.es;

import java.util.Objects;

/**
 * Everything that stays fixed during a sep-CMA-ES run. It is part of {@link SepCmaEsState}, so a
 * restored optimiser is configured exactly like the one that wrote the state. Built by {@link
 * SepCmaEs.Builder}.
 *
 * @param dimension number of coordinates {@code n}
 * @param populationSize candidates per generation {@code lambda}
 * @param parents number {@code mu} of candidates recombined into the new mean
 * @param weighting how the parents are weighted
 * @param constants which published learning rates to use
 * @param mirrored whether candidates come in mirrored pairs with pairwise selection
 * @param objective whether larger or smaller fitness is better
 * @param sigma0 the initial step size (the reference for {@link StopCriteria#tolUpSigma()})
 * @param bounds box constraints, or {@code null}
 * @param nonFinitePolicy what a NaN or infinite fitness does
 * @param stopCriteria when {@link SepCmaEs#stopReasons()} says to stop
 */
public record SepCmaEsConfig(
    int dimension,
    int populationSize,
    int parents,
    Weighting weighting,
    StrategyConstants constants,
    boolean mirrored,
    Objective objective,
    double sigma0,
    BoxBounds bounds,
    NonFinitePolicy nonFinitePolicy,
    StopCriteria stopCriteria) {

  public SepCmaEsConfig {
    Objects.requireNonNull(weighting, "weighting");
    Objects.requireNonNull(constants, "constants");
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(nonFinitePolicy, "nonFinitePolicy");
    Objects.requireNonNull(stopCriteria, "stopCriteria");
    if (!(sigma0 > 0.0) || !Double.isFinite(sigma0)) {
      throw new IllegalArgumentException("sigma0 must be positive and finite, got " + sigma0);
    }
    if (bounds != null && bounds.dimension() != dimension) {
      throw new IllegalArgumentException(
          "bounds have dimension " + bounds.dimension() + ", expected " + dimension);
    }
    if (mirrored && (populationSize % 2 != 0 || parents > populationSize / 2)) {
      throw new IllegalArgumentException("mirrored sampling needs an even population size and parents <= "
          + "populationSize / 2, got populationSize=" + populationSize + ", parents=" + parents);
    }
    // Validates dimension, population size and parents.
    SepCmaEsParameters.of(constants, dimension, populationSize, parents, weighting);
  }

  /** The strategy constants this configuration implies. */
  public SepCmaEsParameters parameters() {
    return SepCmaEsParameters.of(constants, dimension, populationSize, parents, weighting);
  }

  /** The same configuration with another population size (and the default parents for it), for restarts. */
  SepCmaEsConfig withPopulationSize(int lambda) {
    return new SepCmaEsConfig(dimension, lambda, lambda / 2, weighting, constants, mirrored, objective,
        sigma0, bounds, nonFinitePolicy, stopCriteria);
  }

  SepCmaEsConfig withStopCriteria(StopCriteria criteria) {
    return new SepCmaEsConfig(dimension, populationSize, parents, weighting, constants, mirrored,
        objective, sigma0, bounds, nonFinitePolicy, criteria);
  }
}
