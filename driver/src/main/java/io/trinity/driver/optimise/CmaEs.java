package io.trinity.driver.optimise;

import io.trinity.driver.es.Xoshiro256StarStar;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Full-covariance CMA-ES as in Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial", 2016, Algorithm 1)
 * and his {@code purecma.py}: weighted recombination of the best mu = lambda / 2, cumulative step-size adaptation,
 * rank-one and rank-mu covariance updates with the tutorial's default constants, maximising. It keeps the n x n
 * covariance and decomposes it every generation (O(n^3)), so it refuses more than {@link #MAX_DIMENSION}
 * parameters: sep-CMA-ES is the choice there. Generation g's samples come from a random stream of their own
 * (seed, g), so the state is the distribution alone and a restored optimiser continues bit for bit.
 */
public final class CmaEs implements Optimiser {
  public static final int MAX_DIMENSION = 1000;
  public static final int STATE_VERSION = 1;

  /** The whole state; {@code covariance} row-major. */
  public record State(int version, int generation, long seed, int populationSize, double sigma, double[] mean,
      double[] covariance, double[] pathSigma, double[] pathC) {}

  private final int n;
  private final int lambda;
  private final int mu;
  private final double[] weights;
  private final double mueff;
  private final double cc;
  private final double cs;
  private final double c1;
  private final double cmu;
  private final double damps;
  private final double chiN;
  private final long seed;
  private final double[] mean;
  private final double[][] c;
  private final double[] ps;
  private final double[] pc;
  private double sigma;
  private int generation;
  private double[][] b;
  private double[] d;
  private double[][] asked;

  public CmaEs(double[] start, double sigma, int populationSize, long seed) {
    n = start.length;
    if (n > MAX_DIMENSION) {
      throw new IllegalArgumentException("cma_es keeps a full " + n + " x " + n + " covariance; it is limited to "
          + MAX_DIMENSION + " parameters: use sep_cma_es for this head");
    }
    if (populationSize < 2 || !(sigma > 0)) {
      throw new IllegalArgumentException("CMA-ES needs a population of at least 2 and a positive sigma, got "
          + populationSize + " and " + sigma);
    }
    lambda = populationSize;
    mu = lambda / 2;
    weights = new double[mu];
    double sum = 0;
    for (int i = 0; i < mu; i++) {
      weights[i] = Math.log(mu + 0.5) - Math.log(i + 1);
      sum += weights[i];
    }
    double sumSq = 0;
    for (int i = 0; i < mu; i++) {
      weights[i] /= sum;
      sumSq += weights[i] * weights[i];
    }
    mueff = 1 / sumSq;
    cc = (4 + mueff / n) / (n + 4 + 2 * mueff / n);
    cs = (mueff + 2) / (n + mueff + 5);
    c1 = 2 / ((n + 1.3) * (n + 1.3) + mueff);
    cmu = Math.min(1 - c1, 2 * (mueff - 2 + 1 / mueff) / ((n + 2) * (n + 2) + mueff));
    damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
    chiN = Math.sqrt(n) * (1 - 1.0 / (4 * n) + 1.0 / (21.0 * n * n));
    this.seed = seed;
    this.sigma = sigma;
    mean = start.clone();
    c = new double[n][n];
    for (int i = 0; i < n; i++) {
      c[i][i] = 1;
    }
    ps = new double[n];
    pc = new double[n];
  }

  public static CmaEs restore(State state) {
    if (state.version() != STATE_VERSION) {
      throw new IllegalArgumentException("CMA-ES state version " + state.version() + " is not supported (expected "
          + STATE_VERSION + ")");
    }
    CmaEs es = new CmaEs(state.mean(), state.sigma(), state.populationSize(), state.seed());
    for (int i = 0; i < es.n; i++) {
      System.arraycopy(state.covariance(), i * es.n, es.c[i], 0, es.n);
    }
    System.arraycopy(state.pathSigma(), 0, es.ps, 0, es.n);
    System.arraycopy(state.pathC(), 0, es.pc, 0, es.n);
    es.generation = state.generation();
    return es;
  }

  @Override
  public String type() {
    return "cma_es";
  }

  @Override
  public int generation() {
    return generation;
  }

  @Override
  public int populationSize() {
    return lambda;
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double sigma() {
    return sigma;
  }

  @Override
  public Candidates ask() {
    if (asked != null) {
      throw new IllegalStateException("ask() again before tell()");
    }
    decompose();
    Xoshiro256StarStar random = Xoshiro256StarStar.substream(seed, generation);
    double[][] x = new double[lambda][n];
    double[] z = new double[n];
    for (int k = 0; k < lambda; k++) {
      random.nextGaussians(z, 0, n);
      for (int i = 0; i < n; i++) {
        double y = 0;
        for (int j = 0; j < n; j++) {
          y += b[i][j] * d[j] * z[j];
        }
        x[k][i] = mean[i] + sigma * y;
      }
    }
    asked = x;
    double[][] copies = new double[lambda][];
    for (int k = 0; k < lambda; k++) {
      copies[k] = x[k].clone();
    }
    return new Candidates.Vectors(copies);
  }

  /** B and D of C = B diag(D^2) B^T, C made exactly symmetric first; eigenvalues below 0 from rounding become 0. */
  private void decompose() {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        c[j][i] = c[i][j];
      }
    }
    EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(c, false));
    RealMatrix vectors = eigen.getV();
    double[] values = eigen.getRealEigenvalues();
    b = vectors.getData();
    d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.sqrt(Math.max(values[i], 0));
    }
  }

  @Override
  public void tell(Candidates told, Feedback feedback) {
    if (asked == null) {
      throw new IllegalStateException("tell() without ask()");
    }
    double[] fitness = feedback.fitness();
    if (fitness.length != lambda) {
      throw new IllegalArgumentException("told " + fitness.length + " fitness values for " + lambda + " candidates");
    }
    // Best first, ties by index: a stable order keeps the update deterministic.
    Integer[] order = IntStream.range(0, lambda).boxed().sorted(
        Comparator.comparingDouble((Integer k) -> -fitness[k]).thenComparingInt(k -> k)).toArray(Integer[]::new);
    double[] old = mean.clone();
    double[][] y = new double[mu][n];
    double[] yw = new double[n];
    for (int r = 0; r < mu; r++) {
      double[] x = asked[order[r]];
      for (int i = 0; i < n; i++) {
        y[r][i] = (x[i] - old[i]) / sigma;
        yw[i] += weights[r] * y[r][i];
      }
    }
    for (int i = 0; i < n; i++) {
      mean[i] = old[i] + sigma * yw[i];
    }
    // C^(-1/2) yw = B D^-1 B^T yw
    double[] bty = new double[n];
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        s += b[i][j] * yw[i];
      }
      bty[j] = d[j] > 0 ? s / d[j] : 0;
    }
    double csFactor = Math.sqrt(cs * (2 - cs) * mueff);
    double psNorm = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += b[i][j] * bty[j];
      }
      ps[i] = (1 - cs) * ps[i] + csFactor * s;
      psNorm += ps[i] * ps[i];
    }
    psNorm = Math.sqrt(psNorm);
    boolean hsig = psNorm / Math.sqrt(1 - Math.pow(1 - cs, 2.0 * (generation + 1))) / chiN < 1.4 + 2.0 / (n + 1);
    double ccFactor = Math.sqrt(cc * (2 - cc) * mueff);
    for (int i = 0; i < n; i++) {
      pc[i] = (1 - cc) * pc[i] + (hsig ? ccFactor * yw[i] : 0);
    }
    double keep = 1 - c1 - cmu + (hsig ? 0 : c1 * cc * (2 - cc));
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double rankMu = 0;
        for (int r = 0; r < mu; r++) {
          rankMu += weights[r] * y[r][i] * y[r][j];
        }
        c[i][j] = keep * c[i][j] + c1 * pc[i] * pc[j] + cmu * rankMu;
      }
    }
    sigma *= Math.exp(Math.min(1, (cs / damps) * (psNorm / chiN - 1)));
    generation++;
    asked = null;
  }

  @Override
  public State state() {
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        c[j][i] = c[i][j];
      }
    }
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(c[i], 0, flat, i * n, n);
    }
    return new State(STATE_VERSION, generation, seed, lambda, sigma, mean.clone(), flat, ps.clone(), pc.clone());
  }

  @Override
  public String toString() {
    return "CMA-ES(n=" + n + ", lambda=" + lambda + ", sigma=" + sigma + ", mean[0..3]="
        + Arrays.toString(Arrays.copyOf(mean, Math.min(3, n))) + ")";
  }
}
