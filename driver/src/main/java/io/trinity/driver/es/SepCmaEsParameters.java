package io.trinity.driver.es;

import java.util.Arrays;

/**
 * The strategy constants of sep-CMA-ES for a dimension {@code n} and population size {@code
 * lambda}. They are a pure function of {@code (n, lambda)}, so a checkpoint need not store them.
 *
 * <p>Sources: Ros and Hansen (2008), "A Simple Modification in CMA-ES Achieving Linear Time and
 * Space Complexity" (PPSN X), and Hansen's tutorial "The CMA Evolution Strategy: A Tutorial"
 * (arXiv:1604.00772). Cross-checked against CyberAgent's {@code cmaes} 0.9.1 {@code SepCMA}:
 *
 * <ul>
 *   <li>{@code mu = floor(lambda / 2)}; weights {@code w_i ∝ ln((lambda + 1) / 2) - ln i},
 *       {@code i = 1..mu}, normalised to sum 1, {@code mu_eff = 1 / sum w_i^2}. (SepCMA uses
 *       {@code ln(mu + 1) - ln i}: the same for odd lambda, {@code mu + 1} instead of {@code mu +
 *       1/2} for even.)
 *   <li>Step size: {@code c_sigma = (mu_eff + 2) / (n + mu_eff + 3)} (Ros and Hansen 2008, as in
 *       SepCMA; the 2016 tutorial has {@code + 5}), {@code d_sigma = 1 + 2 max(0, sqrt((mu_eff -
 *       1) / (n + 1)) - 1) + c_sigma}, {@code E||N(0,I)|| ≈ sqrt(n) (1 - 1/(4n) + 1/(21 n^2))}.
 *   <li>Rank-one path: {@code c_c = 4 / (n + 4)} (Ros and Hansen 2008, as in SepCMA).
 *   <li>Covariance learning rates: the full CMA-ES defaults of the tutorial, {@code c_1 = 2 / ((n
 *       + 1.3)^2 + mu_eff)} and {@code c_mu = min(1 - c_1, 2 (mu_eff - 2 + 1/mu_eff) / ((n + 2)^2
 *       + mu_eff))}, each multiplied by the sep factor {@code (n + 2) / 3} and capped so that
 *       {@code c_1 <= 1} and {@code c_mu <= 1 - c_1}. Ros and Hansen scale the whole covariance
 *       learning rate, rank-one and rank-mu parts alike. SepCMA differs here: it leaves {@code c_1}
 *       unscaled and puts the scaled older combined {@code c_cov} into {@code c_mu}.
 * </ul>
 *
 * <p>Measured median evaluations until a generation's best is below 1e-8, from mean 3 and sigma 2
 * (ours vs SepCMA): sphere n = 10, 1240 vs 1265 (31 seeds); ellipsoid n = 10, 2580 vs 2675 (31
 * seeds); ellipsoid n = 100, lambda = 17, 30500 vs 50200 (11 seeds). With SepCMA's constants
 * plugged in ({@link StrategyConstants#CMAES_SEPCMA}) this implementation needs 50150 on the
 * last, so the gap comes from the constants, not from the update equations.
 */
public record SepCmaEsParameters(
    int dimension,
    int populationSize,
    int mu,
    double[] weights,
    double muEff,
    double cSigma,
    double dSigma,
    double cc,
    double c1,
    double cmu,
    double chiN) {

  public SepCmaEsParameters {
    weights = weights.clone();
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Default population size {@code 4 + floor(3 ln n)}. */
  public static int defaultPopulationSize(int dimension) {
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
    }
    return 4 + (int) Math.floor(3.0 * StrictMath.log(dimension));
  }

  /** The default constants for dimension {@code n} and population size {@code lambda}. */
  public static SepCmaEsParameters defaults(int n, int lambda) {
    return of(StrategyConstants.ROS_HANSEN_2008, n, lambda, lambda / 2, Weighting.LOG);
  }

  /**
   * The constants of set {@code constants} for dimension {@code n}, population size {@code
   * lambda}, {@code mu} parents and their {@code weighting}.
   *
   * @throws IllegalArgumentException when {@code mu} is outside {@code 1..lambda}, or above {@code
   *     lambda / 2} with {@link Weighting#LOG}
   */
  public static SepCmaEsParameters of(
      StrategyConstants constants, int n, int lambda, int mu, Weighting weighting) {
    if (n < 1) {
      throw new IllegalArgumentException("dimension must be >= 1, got " + n);
    }
    if (lambda < 2) {
      throw new IllegalArgumentException("populationSize must be >= 2, got " + lambda);
    }
    final int maxMu = weighting == Weighting.LOG ? lambda / 2 : lambda;
    if (mu < 1 || mu > maxMu) {
      throw new IllegalArgumentException("parents (mu) must be in 1.." + maxMu + " for " + weighting
          + " weights and population size " + lambda + ", got " + mu);
    }
    final double[] w = new double[mu];
    final double logTop = constants == StrategyConstants.CMAES_SEPCMA
        ? StrictMath.log(mu + 1.0)
        : StrictMath.log((lambda + 1) / 2.0);
    double sum = 0.0;
    for (int i = 0; i < mu; i++) {
      w[i] = weighting == Weighting.EQUAL ? 1.0 : logTop - StrictMath.log(i + 1.0);
      sum += w[i];
    }
    double sumSq = 0.0;
    for (int i = 0; i < mu; i++) {
      w[i] /= sum;
      sumSq += w[i] * w[i];
    }
    final double muEff = 1.0 / sumSq;

    final double cSigma = (muEff + 2.0) / (n + muEff + 3.0);
    final double dSigma =
        1.0 + 2.0 * Math.max(0.0, Math.sqrt((muEff - 1.0) / (n + 1.0)) - 1.0) + cSigma;
    final double cc = 4.0 / (n + 4.0);
    final double sepFactor = (n + 2.0) / 3.0;

    final double c1;
    final double cmu;
    if (constants == StrategyConstants.CMAES_SEPCMA) {
      c1 = 2.0 / ((n + 1.3) * (n + 1.3) + muEff);
      final double cCov =
          2.0 / muEff / ((n + Math.sqrt(2.0)) * (n + Math.sqrt(2.0)))
              + (1.0 - 1.0 / muEff)
                  * Math.min(1.0, (2.0 * muEff - 1.0) / ((n + 2.0) * (n + 2.0) + muEff));
      cmu = sepFactor * cCov;
    } else {
      final double c1Full = 2.0 / ((n + 1.3) * (n + 1.3) + muEff);
      final double cmuFull = Math.min(
          1.0 - c1Full, 2.0 * (muEff - 2.0 + 1.0 / muEff) / ((n + 2.0) * (n + 2.0) + muEff));
      c1 = Math.min(1.0, sepFactor * c1Full);
      cmu = Math.min(1.0 - c1, sepFactor * cmuFull);
    }

    final double chiN = Math.sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * (double) n));
    return new SepCmaEsParameters(n, lambda, mu, w, muEff, cSigma, dSigma, cc, c1, cmu, chiN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SepCmaEsParameters p
        && dimension == p.dimension
        && populationSize == p.populationSize
        && mu == p.mu
        && Arrays.equals(weights, p.weights)
        && Double.compare(muEff, p.muEff) == 0
        && Double.compare(cSigma, p.cSigma) == 0
        && Double.compare(dSigma, p.dSigma) == 0
        && Double.compare(cc, p.cc) == 0
        && Double.compare(c1, p.c1) == 0
        && Double.compare(cmu, p.cmu) == 0
        && Double.compare(chiN, p.chiN) == 0;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimension + populationSize) + Arrays.hashCode(weights);
  }

  @Override
  public String toString() {
    return "SepCmaEsParameters[n="
        + dimension
        + ", lambda="
        + populationSize
        + ", mu="
        + mu
        + ", muEff="
        + muEff
        + ", cSigma="
        + cSigma
        + ", dSigma="
        + dSigma
        + ", cc="
        + cc
        + ", c1="
        + c1
        + ", cmu="
        + cmu
        + ", chiN="
        + chiN
        + "]";
  }
}
