package io.trinity.driver.es;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Separable CMA-ES (sep-CMA-ES, Ros and Hansen 2008): CMA-ES with a diagonal covariance matrix,
 * linear time and space in the dimension, with an ask-and-tell interface.
 *
 * <p>One generation is {@link #ask()} (sample {@code lambda} candidates from {@code N(m, sigma^2
 * C)}), evaluate them, then {@link #tell(double[][], double[])}: weighted recombination of the
 * {@code mu} best, cumulative step-size adaptation, rank-one (with {@code h_sigma} stall) and
 * rank-{@code mu} updates of the diagonal of C. The update order follows CyberAgent's {@code
 * cmaes} {@code SepCMA}: mean, {@code p_sigma} (with the old {@code sqrt(C)}), {@code sigma},
 * {@code h_sigma}, {@code p_c}, then C from the old C. Constants: {@link SepCmaEsParameters}.
 *
 * <p>Options ({@link Builder}): population size, parents and weights, the constant set, mirrored
 * sampling, box bounds ({@link BoxBounds} documents their handling), a policy for non-finite
 * fitness values ({@link NonFinitePolicy}) and stop criteria ({@link StopCriteria}, checked by
 * {@link #stopReasons()}). Restarts with growing populations: {@link IpopSepCmaEs}.
 *
 * <p>Determinism: the same seed and the same fitness values give the same run bit for bit on any
 * JVM (own generator, {@link StrictMath} for transcendental functions, fixed summation order, a
 * stable ranking in which ties keep candidate order). {@link #state()} and {@link
 * #restore(SepCmaEsState)} continue a run bit for bit.
 *
 * <p>Not thread-safe; no Spark dependency. The inner loops allocate nothing but the arrays that
 * {@link #ask()} hands out (and a copy of a new best candidate). Timings: docs/BENCHMARKS.md
 * ({@code driver/bench/es-generation.sh}).
 */
public final class SepCmaEs {

  /** Version of {@link SepCmaEsState} written by this class. */
  public static final int STATE_VERSION = 2;

  private static final Logger LOG = LoggerFactory.getLogger(SepCmaEs.class);

  /** Coordinates per generation from which sampling runs in parallel. */
  private static final long PARALLEL_SAMPLING_THRESHOLD = 1L << 16;

  /** Upper clamp of sigma, as in {@code cmaes.SepCMA}. */
  static final double SIGMA_MAX = 1e32;

  private final SepCmaEsConfig config;
  private final SepCmaEsParameters parameters;
  private final int n;
  private final int lambda;
  private final int mu;
  private final double[] weights;
  private final double weightSum;
  private final double cSigma;
  private final double dSigma;
  private final double cc;
  private final double c1;
  private final double cmu;
  private final double chiN;
  /** sqrt(c_sigma (2 - c_sigma) mu_eff). */
  private final double pathSigmaNorm;
  /** sqrt(c_c (2 - c_c) mu_eff). */
  private final double pathCNorm;
  /** (1.4 + 2 / (n + 1)) E||N(0,I)||. */
  private final double hSigmaThreshold;

  private final Objective objective;
  private final Xoshiro256StarStar rng;
  /** Candidates 2i and 2i+1 are m + sigma sqrt(C) z_i and m - sigma sqrt(C) z_i, selected pairwise. */
  private final boolean mirrored;
  private final BoxBounds bounds;
  private final StopCriteria stopCriteria;

  private double sigma;
  private final double[] mean;
  private final double[] diagC;
  /** sqrt(diagC), kept in step with diagC. */
  private final double[] sqrtC;
  private final double[] pathSigma;
  private final double[] pathC;
  private int generation;
  private long evaluations;
  private double[] bestCandidate;
  private double bestFitness = Double.NaN;
  private long nonFiniteFitnessCount;
  /** Ring of the last generations' best fitness values, for the tolFun criterion. */
  private final double[] recentBest;
  private int recentStart;
  private int recentCount;
  private double lastGenerationRange = Double.NaN;

  /** Generator state before the pending ask, or null when no ask is pending. */
  private RngState rngBeforeAsk;
  /** How the last ask drew its candidates. */
  private CandidateSampler sampler;

  // scratch, reused by every tell
  private final double[] weightedStep;
  private final double[] weightedSquares;
  private final int[] ranking;
  /** Per rank: 1 to recombine the ranked candidate's step, 0 for a mirrored pair that tied (no direction). */
  private final double[] stepScale;

  private SepCmaEs(SepCmaEsConfig config, Xoshiro256StarStar rng) {
    final SepCmaEsParameters parameters = config.parameters();
    final int n = parameters.dimension();
    final int lambda = parameters.populationSize();
    this.config = config;
    this.parameters = parameters;
    this.n = n;
    this.lambda = lambda;
    this.mu = parameters.mu();
    this.weights = parameters.weights();
    double sum = 0.0;
    for (double w : weights) {
      sum += w;
    }
    this.weightSum = sum;
    this.cSigma = parameters.cSigma();
    this.dSigma = parameters.dSigma();
    this.cc = parameters.cc();
    this.c1 = parameters.c1();
    this.cmu = parameters.cmu();
    this.chiN = parameters.chiN();
    this.pathSigmaNorm = Math.sqrt(cSigma * (2.0 - cSigma) * parameters.muEff());
    this.pathCNorm = Math.sqrt(cc * (2.0 - cc) * parameters.muEff());
    this.hSigmaThreshold = (1.4 + 2.0 / (n + 1.0)) * chiN;
    this.objective = config.objective();
    this.rng = rng;
    this.mirrored = config.mirrored();
    this.bounds = config.bounds();
    this.stopCriteria = config.stopCriteria();
    this.recentBest = new double[StopCriteria.tolFunWindow(n, lambda)];
    this.mean = new double[n];
    this.diagC = new double[n];
    this.sqrtC = new double[n];
    this.pathSigma = new double[n];
    this.pathC = new double[n];
    this.weightedStep = new double[n];
    this.weightedSquares = new double[n];
    this.ranking = new int[lambda];
    this.stepScale = new double[lambda];
  }

  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------------------------------------
  // ask and tell

  /**
   * Samples {@code lambda} new candidates {@code x_k = m + sigma * sqrt(C) * z_k}, {@code z_k ~
   * N(0, I)}. Returns fresh arrays that the caller may keep. Calling {@code ask} again before
   * {@code tell} abandons the earlier candidates.
   *
   * <p>Each generation draws one 64-bit word from the optimiser's generator and derives from it an
   * independent stream per sampled candidate, so candidates are sampled in parallel (on the common
   * fork-join pool, for large {@code n * lambda}) and the result does not depend on the number of
   * threads.
   */
  public double[][] ask() {
    rngBeforeAsk = rng.state();
    final CandidateSampler drawn = new CandidateSampler(mean.clone(), sigma, sqrtC.clone(), rng.nextLong(), mirrored,
        bounds);
    sampler = drawn;
    final double[][] candidates = new double[lambda][n];
    final int step = mirrored ? 2 : 1;
    final int sampled = lambda / step;
    final IntConsumer sampleOne = s -> {
      final int k = s * step;
      drawn.sample(s, candidates[k]);
      if (mirrored) {
        drawn.mirror(candidates[k], candidates[k + 1]);
      }
    };
    if ((long) n * lambda >= PARALLEL_SAMPLING_THRESHOLD) {
      IntStream.range(0, sampled).parallel().forEach(sampleOne);
    } else {
      for (int s = 0; s < sampled; s++) {
        sampleOne.accept(s);
      }
    }
    return candidates;
  }

  /**
   * How the pending {@link #ask()} drew its candidates, so that another process can draw candidate k again
   * without receiving it.
   *
   * @throws IllegalStateException if no ask is pending
   */
  public CandidateSampler sampler() {
    if (rngBeforeAsk == null || sampler == null) {
      throw new IllegalStateException("no ask is pending: call ask() first");
    }
    return sampler;
  }

  /**
   * Updates the distribution from the fitness of the candidates of the last {@link #ask()}.
   *
   * <p>The candidates are read back (as {@code y = (x - m) / sigma}), so their order does not
   * matter as long as {@code fitness[k]} belongs to {@code candidates[k]}; they may come back from
   * serialisation as copies. Neither array is kept or modified.
   *
   * @throws IllegalStateException if there was no {@code ask} since the last {@code tell}
   * @throws IllegalArgumentException if the sizes do not match {@code lambda} and {@code n}, a
   *     fitness value is not finite (unless the {@link NonFinitePolicy} is {@code WORST}) or a
   *     candidate has a non-finite coordinate (the message names the candidate index)
   */
  public void tell(double[][] candidates, double[] told) {
    if (rngBeforeAsk == null) {
      throw new IllegalStateException("tell() without a preceding ask()");
    }
    validate(candidates, told);
    final double[] fitness = finiteOrWorst(told);

    if (mirrored) {
      rankPairs(fitness);
    } else {
      rankCandidates(fitness);
      Arrays.fill(stepScale, 1.0);
    }

    // Recombination: y_w = sum_k w_k y_{k:lambda} and the rank-mu term sum_k w_k y_{k:lambda}^2,
    // both per coordinate, with y = (x - m_old) / sigma. Summation order is k = 0..mu-1.
    final double[] step = weightedStep;
    final double[] squares = weightedSquares;
    final double s = sigma;
    {
      final double[] x = candidates[ranking[0]];
      final double w = weights[0];
      final double ws = w * stepScale[0];
      for (int j = 0; j < n; j++) {
        final double y = (x[j] - mean[j]) / s;
        step[j] = ws * y;
        squares[j] = w * (y * y);
      }
    }
    for (int k = 1; k < mu; k++) {
      final double[] x = candidates[ranking[k]];
      final double w = weights[k];
      final double ws = w * stepScale[k];
      for (int j = 0; j < n; j++) {
        final double y = (x[j] - mean[j]) / s;
        step[j] += ws * y;
        squares[j] += w * (y * y);
      }
    }

    // Mean (c_m = 1) and conjugate evolution path p_sigma, using the old sqrt(C).
    final double decaySigma = 1.0 - cSigma;
    double normSq = 0.0;
    for (int j = 0; j < n; j++) {
      mean[j] += s * step[j];
      final double p = decaySigma * pathSigma[j] + pathSigmaNorm * (step[j] / sqrtC[j]);
      pathSigma[j] = p;
      normSq += p * p;
    }
    final double normPathSigma = Math.sqrt(normSq);

    // Cumulative step-size adaptation.
    sigma =
        Math.min(s * StrictMath.exp((cSigma / dSigma) * (normPathSigma / chiN - 1.0)), SIGMA_MAX);

    // h_sigma stalls the rank-one path while p_sigma is long. The bias correction uses the number
    // of updates of p_sigma so far, generation + 1 (as in Hansen's tutorial; SepCMA uses one more).
    final double correction =
        Math.sqrt(1.0 - StrictMath.pow(decaySigma, 2.0 * (generation + 1.0)));
    final boolean hSigma = normPathSigma / correction < hSigmaThreshold;
    final double deltaHSigma = hSigma ? 0.0 : cc * (2.0 - cc);

    // p_c and the diagonal covariance: rank-one + rank-mu from the old C.
    final double decayC = 1.0 - cc;
    final double pathCGain = hSigma ? pathCNorm : 0.0;
    final double keepC = 1.0 + c1 * deltaHSigma - c1 - cmu * weightSum;
    for (int j = 0; j < n; j++) {
      final double pc = decayC * pathC[j] + pathCGain * step[j];
      pathC[j] = pc;
      final double c = keepC * diagC[j] + c1 * (pc * pc) + cmu * squares[j];
      diagC[j] = c;
      sqrtC[j] = Math.sqrt(c);
    }

    final int best = ranking[0];
    final double generationBest = fitness[best];
    if (Double.isFinite(generationBest)
        && (bestCandidate == null || objective.isBetter(generationBest, bestFitness))) {
      bestCandidate = candidates[best].clone();
      bestFitness = generationBest;
    }
    recordGeneration(fitness, generationBest);
    generation++;
    evaluations += lambda;
    rngBeforeAsk = null;
  }

  /** Under {@link NonFinitePolicy#WORST}, a copy with NaN and infinities replaced by the worst infinity. */
  private double[] finiteOrWorst(double[] fitness) {
    if (config.nonFinitePolicy() != NonFinitePolicy.WORST) {
      return fitness;
    }
    double[] repaired = null;
    for (int k = 0; k < lambda; k++) {
      if (!Double.isFinite(fitness[k])) {
        if (repaired == null) {
          repaired = fitness.clone();
        }
        repaired[k] = objective == Objective.MAXIMIZE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        nonFiniteFitnessCount++;
        LOG.warn("generation {}: fitness of candidate {} is {}; ranked worst ({} non-finite values so far)",
            generation, k, fitness[k], nonFiniteFitnessCount);
      }
    }
    return repaired == null ? fitness : repaired;
  }

  private void recordGeneration(double[] fitness, double generationBest) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double f : fitness) {
      if (Double.isFinite(f)) { // candidates ranked worst for a non-finite fitness say nothing about convergence
        lo = Math.min(lo, f);
        hi = Math.max(hi, f);
      }
    }
    lastGenerationRange = lo <= hi ? hi - lo : Double.NaN;
    final int window = recentBest.length;
    if (recentCount < window) {
      recentBest[(recentStart + recentCount) % window] = generationBest;
      recentCount++;
    } else {
      recentBest[recentStart] = generationBest;
      recentStart = (recentStart + 1) % window;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // termination

  /**
   * The {@link StopCriteria} that hold now, in the order of {@link StopReason}; empty while the run
   * should go on.
   */
  public List<StopReason> stopReasons() {
    final List<StopReason> reasons = new ArrayList<>();
    final StopCriteria c = stopCriteria;
    if (c.targetFitness() != null && bestCandidate != null
        && !objective.isBetter(c.targetFitness(), bestFitness)) {
      reasons.add(StopReason.TARGET_FITNESS);
    }
    if (c.maxGenerations() != null && generation >= c.maxGenerations()) {
      reasons.add(StopReason.MAX_GENERATIONS);
    }
    if (c.maxEvaluations() != null && evaluations >= c.maxEvaluations()) {
      reasons.add(StopReason.MAX_EVALUATIONS);
    }
    if (generation == 0) {
      return reasons;
    }
    if (c.tolFun() > 0.0 && recentCount == recentBest.length && lastGenerationRange < c.tolFun()) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < recentCount; i++) {
        lo = Math.min(lo, recentBest[i]);
        hi = Math.max(hi, recentBest[i]);
      }
      if (hi - lo < c.tolFun()) {
        reasons.add(StopReason.TOL_FUN);
      }
    }
    if (c.tolX() > 0.0) {
      boolean small = true;
      for (int j = 0; j < n && small; j++) {
        small = sigma * Math.max(Math.abs(pathC[j]), sqrtC[j]) < c.tolX();
      }
      if (small) {
        reasons.add(StopReason.TOL_X);
      }
    }
    double maxC = 0.0;
    double minC = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      maxC = Math.max(maxC, diagC[j]);
      minC = Math.min(minC, diagC[j]);
    }
    if (c.tolUpSigma() > 0.0 && sigma / config.sigma0() > c.tolUpSigma() * Math.sqrt(maxC)) {
      reasons.add(StopReason.SIGMA_BLOW_UP);
    }
    if (c.sigmaCollapse()) {
      for (int j = 0; j < n; j++) {
        if (mean[j] == mean[j] + 0.2 * sigma * sqrtC[j]) {
          reasons.add(StopReason.SIGMA_COLLAPSE);
          break;
        }
      }
    }
    if (c.conditionLimit() > 0.0 && maxC > c.conditionLimit() * minC) {
      reasons.add(StopReason.CONDITION);
    }
    return reasons;
  }

  /** True when some {@link StopCriteria} holds. */
  public boolean shouldStop() {
    return !stopReasons().isEmpty();
  }

  private void validate(double[][] candidates, double[] fitness) {
    if (candidates == null || fitness == null) {
      throw new IllegalArgumentException("candidates and fitness must not be null");
    }
    if (candidates.length != lambda) {
      throw new IllegalArgumentException(
          "expected " + lambda + " candidates, got " + candidates.length);
    }
    if (fitness.length != lambda) {
      throw new IllegalArgumentException(
          "expected " + lambda + " fitness values, got " + fitness.length);
    }
    for (int k = 0; k < lambda; k++) {
      if (!Double.isFinite(fitness[k]) && config.nonFinitePolicy() == NonFinitePolicy.FAIL) {
        throw new IllegalArgumentException("fitness of candidate " + k + " is not finite: " + fitness[k]
            + " (a NonFinitePolicy of WORST ranks such candidates last instead)");
      }
      final double[] x = candidates[k];
      if (x == null) {
        throw new IllegalArgumentException("candidate " + k + " is null");
      }
      if (x.length != n) {
        throw new IllegalArgumentException(
            "candidate " + k + " has dimension " + x.length + ", expected " + n);
      }
      for (int j = 0; j < n; j++) {
        if (!Double.isFinite(x[j])) {
          throw new IllegalArgumentException(
              "candidate " + k + " has a non-finite coordinate " + j + ": " + x[j]);
        }
      }
    }
  }

  /**
   * Pairwise selection for mirrored sampling (Auger, Brockhoff and Hansen 2011): only the better of each mirrored
   * pair competes, and pairs are ranked by their winner's fitness (stable). A pair whose two fitness values are
   * equal says nothing about the direction of its z: it keeps its rank and its squared step for the covariance,
   * but adds no step to the mean, so ties (common when rewards are discrete) do not random-walk the mean.
   */
  private void rankPairs(double[] fitness) {
    final int pairs = lambda / 2;
    final boolean maximize = objective == Objective.MAXIMIZE;
    final int[] r = ranking;
    for (int p = 0; p < pairs; p++) {
      final int a = 2 * p;
      final int winner = pairWinner(fitness, p, maximize);
      final double f = fitness[winner];
      int i = p - 1;
      while (i >= 0 && (maximize ? fitness[r[i]] < f : fitness[r[i]] > f)) {
        r[i + 1] = r[i];
        stepScale[i + 1] = stepScale[i];
        i--;
      }
      r[i + 1] = winner;
      stepScale[i + 1] = fitness[a] == fitness[a + 1] ? 0.0 : 1.0;
    }
    // The losers follow, in pair order; with mu <= lambda/2 they never receive a weight.
    for (int p = 0; p < pairs; p++) {
      r[pairs + p] = 4 * p + 1 - pairWinner(fitness, p, maximize);
      stepScale[pairs + p] = 0.0;
    }
  }

  /** The better of mirrored pair p (candidates 2p and 2p+1); a tie goes to the first. */
  private static int pairWinner(double[] fitness, int p, boolean maximize) {
    final int a = 2 * p;
    final int b = a + 1;
    return (maximize ? fitness[b] > fitness[a] : fitness[b] < fitness[a]) ? b : a;
  }

  /** Stable insertion sort of candidate indices, best first; ties keep candidate order. */
  private void rankCandidates(double[] fitness) {
    final int[] r = ranking;
    final boolean maximize = objective == Objective.MAXIMIZE;
    for (int k = 0; k < lambda; k++) {
      final double f = fitness[k];
      int i = k - 1;
      while (i >= 0 && (maximize ? fitness[r[i]] < f : fitness[r[i]] > f)) {
        r[i + 1] = r[i];
        i--;
      }
      r[i + 1] = k;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // state

  /**
   * An immutable snapshot from which {@link #restore} continues bit for bit. Taken between {@code
   * ask} and {@code tell}, it holds the generator state from before that {@code ask}: the restored
   * optimiser's next {@code ask} returns the same candidates again.
   */
  public SepCmaEsState state() {
    final double[] recent = new double[recentCount];
    for (int i = 0; i < recentCount; i++) {
      recent[i] = recentBest[(recentStart + i) % recentBest.length];
    }
    return new SepCmaEsState(
        STATE_VERSION,
        config,
        sigma,
        mean,
        diagC,
        pathSigma,
        pathC,
        generation,
        evaluations,
        bestCandidate,
        bestFitness,
        nonFiniteFitnessCount,
        recent,
        lastGenerationRange,
        rngBeforeAsk != null ? rngBeforeAsk : rng.state());
  }

  /** A fresh optimiser continuing from {@code state}; it expects {@link #ask()} next. */
  public static SepCmaEs restore(SepCmaEsState state) {
    Objects.requireNonNull(state, "state");
    final SepCmaEs es = new SepCmaEs(state.config(), new Xoshiro256StarStar(state.rng()));
    es.sigma = state.sigma();
    System.arraycopy(state.meanView(), 0, es.mean, 0, es.n);
    System.arraycopy(state.diagCView(), 0, es.diagC, 0, es.n);
    System.arraycopy(state.pathSigmaView(), 0, es.pathSigma, 0, es.n);
    System.arraycopy(state.pathCView(), 0, es.pathC, 0, es.n);
    for (int j = 0; j < es.n; j++) {
      es.sqrtC[j] = Math.sqrt(es.diagC[j]);
    }
    es.generation = state.generation();
    es.evaluations = state.evaluations();
    es.bestCandidate = state.bestCandidate();
    es.bestFitness = state.bestFitness();
    es.nonFiniteFitnessCount = state.nonFiniteFitnessCount();
    final double[] recent = state.recentGenerationBestView();
    System.arraycopy(recent, 0, es.recentBest, 0, recent.length);
    es.recentCount = recent.length;
    es.lastGenerationRange = state.lastGenerationRange();
    return es;
  }

  /** A fresh run of {@code config} from {@code initialMean} with step size {@code sigma0} and C = I. */
  static SepCmaEs start(SepCmaEsConfig config, double[] initialMean, long seed) {
    final SepCmaEs es = new SepCmaEs(config, new Xoshiro256StarStar(seed));
    es.sigma = config.sigma0();
    System.arraycopy(initialMean, 0, es.mean, 0, es.n);
    Arrays.fill(es.diagC, 1.0);
    Arrays.fill(es.sqrtC, 1.0);
    return es;
  }

  /** Draws a seed for a successor run from this run's generator (used by restarts). */
  long drawSeed() {
    return rng.nextLong();
  }

  // ---------------------------------------------------------------------------------------------
  // accessors

  public int dimension() {
    return n;
  }

  public int populationSize() {
    return lambda;
  }

  /** Number of completed {@code tell} calls. */
  public int generation() {
    return generation;
  }

  /** Number of fitness values told so far ({@code generation * lambda}). */
  public long evaluations() {
    return evaluations;
  }

  public double sigma() {
    return sigma;
  }

  /** A copy of the distribution mean. */
  public double[] mean() {
    return mean.clone();
  }

  /** A copy of the diagonal of C. */
  public double[] diagonalCovariance() {
    return diagC.clone();
  }

  /** A copy of the best candidate told so far, or {@code null} before the first {@code tell}. */
  public double[] bestCandidate() {
    return bestCandidate == null ? null : bestCandidate.clone();
  }

  /** Fitness of {@link #bestCandidate()}, or {@code NaN} before the first {@code tell}. */
  public double bestFitness() {
    return bestFitness;
  }

  public Objective objective() {
    return objective;
  }

  /** The strategy constants in use. */
  public SepCmaEsParameters parameters() {
    return parameters;
  }

  /** The fixed configuration of this run. */
  public SepCmaEsConfig config() {
    return config;
  }

  /** Fitness values that were NaN or infinite and ranked worst ({@link NonFinitePolicy#WORST}). */
  public long nonFiniteFitnessCount() {
    return nonFiniteFitnessCount;
  }

  /** True between an {@code ask} and the {@code tell} that consumes it. */
  public boolean isAwaitingTell() {
    return rngBeforeAsk != null;
  }

  @Override
  public String toString() {
    return "SepCmaEs[n="
        + n
        + ", lambda="
        + lambda
        + ", objective="
        + objective
        + ", generation="
        + generation
        + ", evaluations="
        + evaluations
        + ", sigma="
        + sigma
        + ", bestFitness="
        + bestFitness
        + "]";
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Builds a {@link SepCmaEs}. Required: {@link #sigma(double)}, {@link #objective(Objective)} (no
   * default, so a reward is never minimised by accident) and the dimension, given by {@link
   * #dimension(int)} or by the length of {@link #initialMean(double[])}. Defaults: mean 0,
   * population size {@code 4 + floor(3 ln n)}, {@code mu = lambda / 2} parents with log weights,
   * {@link StrategyConstants#ROS_HANSEN_2008}, no mirroring, no bounds, {@link
   * NonFinitePolicy#FAIL}, {@link StopCriteria#defaults()}, seed 0.
   */
  public static final class Builder {
    private Integer dimension;
    private double[] meanVector;
    private double meanScalar;
    private Double sigma;
    private Integer populationSize;
    private Integer parents;
    private Weighting weighting = Weighting.LOG;
    private StrategyConstants constants = StrategyConstants.ROS_HANSEN_2008;
    private long seed;
    private boolean mirrored;
    private Objective objective;
    private BoxBounds bounds;
    private NonFinitePolicy nonFinitePolicy = NonFinitePolicy.FAIL;
    private StopCriteria stopCriteria = StopCriteria.defaults();

    private Builder() {}

    public Builder dimension(int dimension) {
      if (dimension < 1) {
        throw new IllegalArgumentException("dimension must be >= 1, got " + dimension);
      }
      this.dimension = dimension;
      return this;
    }

    /** Initial mean, one value per coordinate (copied); sets the dimension if not given. */
    public Builder initialMean(double[] mean) {
      Objects.requireNonNull(mean, "mean");
      for (int j = 0; j < mean.length; j++) {
        if (!Double.isFinite(mean[j])) {
          throw new IllegalArgumentException("initialMean[" + j + "] is not finite: " + mean[j]);
        }
      }
      this.meanVector = mean.clone();
      return this;
    }

    /** Initial mean with the same value in every coordinate; needs {@link #dimension(int)}. */
    public Builder initialMean(double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("initialMean is not finite: " + value);
      }
      this.meanVector = null;
      this.meanScalar = value;
      return this;
    }

    /** Initial step size, positive and finite. */
    public Builder sigma(double sigma) {
      if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
        throw new IllegalArgumentException("sigma must be positive and finite, got " + sigma);
      }
      this.sigma = sigma;
      return this;
    }

    /** Candidates per generation, at least 2; default {@code 4 + floor(3 ln n)}. */
    public Builder populationSize(int populationSize) {
      if (populationSize < 2) {
        throw new IllegalArgumentException("populationSize must be >= 2, got " + populationSize);
      }
      this.populationSize = populationSize;
      return this;
    }

    /** Parents {@code mu} recombined into the new mean; default {@code lambda / 2}. */
    public Builder parents(int parents) {
      this.parents = parents;
      return this;
    }

    public Builder weighting(Weighting weighting) {
      this.weighting = Objects.requireNonNull(weighting, "weighting");
      return this;
    }

    public Builder constants(StrategyConstants constants) {
      this.constants = Objects.requireNonNull(constants, "constants");
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Mirrored (antithetic) sampling with pairwise selection: candidates come in pairs m +- sigma sqrt(C) z and
     * only the better of a pair can be selected. Needs an even population size. Default off.
     */
    public Builder mirrored(boolean mirrored) {
      this.mirrored = mirrored;
      return this;
    }

    public Builder objective(Objective objective) {
      this.objective = Objects.requireNonNull(objective, "objective");
      return this;
    }

    /** Box constraints, handled as {@link BoxBounds} describes; {@code null} for none. */
    public Builder bounds(BoxBounds bounds) {
      this.bounds = bounds;
      return this;
    }

    public Builder nonFinitePolicy(NonFinitePolicy policy) {
      this.nonFinitePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder stopCriteria(StopCriteria criteria) {
      this.stopCriteria = Objects.requireNonNull(criteria, "criteria");
      return this;
    }

    public SepCmaEs build() {
      if (objective == null) {
        throw new IllegalStateException("objective must be set (MAXIMIZE or MINIMIZE)");
      }
      if (sigma == null) {
        throw new IllegalStateException("sigma must be set");
      }
      final int n;
      if (meanVector != null) {
        if (dimension != null && dimension != meanVector.length) {
          throw new IllegalStateException(
              "dimension " + dimension + " does not match initialMean length " + meanVector.length);
        }
        n = meanVector.length;
        if (n < 1) {
          throw new IllegalStateException("initialMean must not be empty");
        }
      } else if (dimension != null) {
        n = dimension;
      } else {
        throw new IllegalStateException("dimension must be set (or an initialMean vector given)");
      }
      final int lambda =
          populationSize != null ? populationSize : SepCmaEsParameters.defaultPopulationSize(n);
      final SepCmaEsConfig config = new SepCmaEsConfig(n, lambda, parents != null ? parents : lambda / 2,
          weighting, constants, mirrored, objective, sigma, bounds, nonFinitePolicy, stopCriteria);
      final double[] initial = new double[n];
      if (meanVector != null) {
        System.arraycopy(meanVector, 0, initial, 0, n);
      } else {
        Arrays.fill(initial, meanScalar);
      }
      return start(config, initial, seed);
    }
  }
}
