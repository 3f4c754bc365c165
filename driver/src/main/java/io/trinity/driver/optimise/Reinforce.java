package io.trinity.driver.optimise;

import io.trinity.driver.es.Xoshiro256StarStar;

/**
 * REINFORCE (Williams 1992) on the head's softmax decisions, with Adam (Kingma and Ba 2015) on the driver. Each
 * generation the current head is played {@code copies} = lambda times on each task with sampled decisions, so a
 * generation costs what sep-CMA-ES's does. The gradient of the expected shaped reward is estimated as
 * (1/N) sum over episodes of (r - b) sum_t grad log pi(a_t | h_t), with baseline b: the batch's mean reward
 * ({@code batch_mean}), an exponential moving average (decay {@link #MOVING_AVERAGE_DECAY}) of earlier batches'
 * means ({@code moving_average}; the first batch uses its own mean), or 0 ({@code none}). The ascent step is
 * Adam's with beta1 0.9, beta2 0.999, epsilon 1e-8.
 */
public final class Reinforce implements Optimiser {
  public static final double MOVING_AVERAGE_DECAY = 0.9;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  public static final int STATE_VERSION = 1;

  /** The whole state: a restored optimiser continues bit for bit. */
  public record State(int version, int generation, long seed, double learningRate, String baseline,
      int populationSize, double[] parameters, double[] firstMoment, double[] secondMoment, Double movingAverage) {}

  private final long seed;
  private final double learningRate;
  private final String baseline;
  private final int copies;
  private final double[] theta;
  private final double[] m;
  private final double[] v;
  private Double movingAverage;
  private int generation;
  private boolean awaitingTell;

  public Reinforce(double[] start, double learningRate, String baseline, int copies, long seed) {
    if (copies < 1 || !(learningRate > 0)) {
      throw new IllegalArgumentException("REINFORCE needs positive copies and learning rate, got " + copies + " and "
          + learningRate);
    }
    if (!baseline.equals("batch_mean") && !baseline.equals("moving_average") && !baseline.equals("none")) {
      throw new IllegalArgumentException("unknown baseline '" + baseline + "'");
    }
    this.theta = start.clone();
    this.m = new double[start.length];
    this.v = new double[start.length];
    this.learningRate = learningRate;
    this.baseline = baseline;
    this.copies = copies;
    this.seed = seed;
  }

  public static Reinforce restore(State state) {
    if (state.version() != STATE_VERSION) {
      throw new IllegalArgumentException("REINFORCE state version " + state.version() + " is not supported"
          + " (expected " + STATE_VERSION + ")");
    }
    Reinforce r = new Reinforce(state.parameters(), state.learningRate(), state.baseline(), state.populationSize(),
        state.seed());
    System.arraycopy(state.firstMoment(), 0, r.m, 0, r.m.length);
    System.arraycopy(state.secondMoment(), 0, r.v, 0, r.v.length);
    r.movingAverage = state.movingAverage();
    r.generation = state.generation();
    return r;
  }

  @Override
  public String type() {
    return "reinforce";
  }

  @Override
  public int generation() {
    return generation;
  }

  @Override
  public int populationSize() {
    return copies;
  }

  @Override
  public double[] mean() {
    return theta.clone();
  }

  /** REINFORCE has no step size of its own; metrics show its learning rate. */
  @Override
  public double sigma() {
    return learningRate;
  }

  @Override
  public Candidates ask() {
    if (awaitingTell) {
      throw new IllegalStateException("ask() again before tell()");
    }
    awaitingTell = true;
    return new Candidates.Sampled(theta.clone(), copies, Xoshiro256StarStar.substream(seed, generation).nextLong());
  }

  @Override
  public void tell(Candidates asked, Feedback feedback) {
    Feedback.ScoreFunction scores = feedback.scores();
    if (scores == null || scores.episodes() == 0) {
      throw new IllegalArgumentException("REINFORCE was told no sampled episodes");
    }
    double batchMean = scores.rewardSum() / scores.episodes();
    double b = switch (baseline) {
      case "batch_mean" -> batchMean;
      case "moving_average" -> movingAverage == null ? batchMean : movingAverage;
      default -> 0;
    };
    int t = generation + 1;
    double correction1 = 1 - Math.pow(BETA1, t);
    double correction2 = 1 - Math.pow(BETA2, t);
    for (int i = 0; i < theta.length; i++) {
      double g = (scores.weightedScoreSum()[i] - b * scores.scoreSum()[i]) / scores.episodes();
      m[i] = BETA1 * m[i] + (1 - BETA1) * g;
      v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
      theta[i] += learningRate * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + EPSILON);
    }
    movingAverage = movingAverage == null ? batchMean
        : MOVING_AVERAGE_DECAY * movingAverage + (1 - MOVING_AVERAGE_DECAY) * batchMean;
    generation++;
    awaitingTell = false;
  }

  @Override
  public State state() {
    return new State(STATE_VERSION, generation, seed, learningRate, baseline, copies, theta.clone(), m.clone(),
        v.clone(), movingAverage);
  }
}
