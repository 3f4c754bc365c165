package io.trinity.driver.optimise;

import io.trinity.driver.es.Xoshiro256StarStar;

/**
 * Random search, the paper's baseline: every generation draws lambda heads from N(start, sigma^2 I), independently
 * of everything told so far, and plays them with the incumbent on the same tasks. The incumbent is the best head
 * seen: a candidate replaces it when it beats the incumbent's own score on those tasks (ties keep it). The
 * incumbent is what the loop validates, and the export is the best validated one, as with the other optimisers.
 * Generation g's heads come from a random stream of their own (seed, g), so no random state is kept.
 */
public final class RandomSearch implements Optimiser {
  /** The whole state: a restored search continues bit for bit. */
  public record State(int version, int generation, long seed, double sigma, int populationSize, double[] start,
      double[] incumbent) {}

  public static final int STATE_VERSION = 1;
  private final long seed;
  private final double sigma;
  private final int populationSize;
  private final double[] start;
  private double[] incumbent;
  private int generation;
  private boolean awaitingTell;

  public RandomSearch(double[] start, double sigma, int populationSize, long seed) {
    if (populationSize < 1 || !(sigma > 0)) {
      throw new IllegalArgumentException("random search needs a positive population and sigma, got "
          + populationSize + " and " + sigma);
    }
    this.start = start.clone();
    this.sigma = sigma;
    this.populationSize = populationSize;
    this.seed = seed;
    this.incumbent = start.clone();
  }

  public static RandomSearch restore(State state) {
    if (state.version() != STATE_VERSION) {
      throw new IllegalArgumentException("random search state version " + state.version() + " is not supported"
          + " (expected " + STATE_VERSION + ")");
    }
    RandomSearch search = new RandomSearch(state.start(), state.sigma(), state.populationSize(), state.seed());
    search.incumbent = state.incumbent().clone();
    search.generation = state.generation();
    return search;
  }

  @Override
  public String type() {
    return "random_search";
  }

  @Override
  public int generation() {
    return generation;
  }

  @Override
  public int populationSize() {
    return populationSize;
  }

  @Override
  public double[] mean() {
    return incumbent.clone();
  }

  @Override
  public double sigma() {
    return sigma;
  }

  @Override
  public Candidates ask() {
    if (awaitingTell) {
      throw new IllegalStateException("ask() again before tell()");
    }
    Xoshiro256StarStar random = Xoshiro256StarStar.substream(seed, generation);
    double[][] heads = new double[populationSize][start.length];
    for (double[] head : heads) {
      random.nextGaussians(head, 0, head.length);
      for (int i = 0; i < head.length; i++) {
        head[i] = start[i] + sigma * head[i];
      }
    }
    awaitingTell = true;
    return new Candidates.Vectors(heads);
  }

  @Override
  public void tell(Candidates asked, Feedback feedback) {
    double[][] heads = ((Candidates.Vectors) asked).vectors();
    double[] fitness = feedback.fitness();
    int best = 0;
    for (int k = 1; k < fitness.length; k++) {
      if (fitness[k] > fitness[best]) {
        best = k;
      }
    }
    if (fitness[best] > feedback.meanFitness()) {
      incumbent = heads[best].clone();
    }
    generation++;
    awaitingTell = false;
  }

  @Override
  public State state() {
    return new State(STATE_VERSION, generation, seed, sigma, populationSize, start.clone(), incumbent.clone());
  }
}
