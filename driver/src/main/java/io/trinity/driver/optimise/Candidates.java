package io.trinity.driver.optimise;

import io.trinity.driver.es.CandidateSampler;

/** What an optimiser asks a generation to play: lambda head vectors, or one head sampled lambda times. */
public sealed interface Candidates {
  int size();

  /**
   * Vectors that executors can draw again from {@code sampler} (sep-CMA-ES's shared noise); {@code vectors} are
   * the same numbers, the optimiser's copies for its tell.
   */
  record Shared(CandidateSampler sampler, double[][] vectors) implements Candidates {
    @Override
    public int size() {
      return vectors.length;
    }
  }

  /** Head vectors played as they are. */
  record Vectors(double[][] vectors) implements Candidates {
    @Override
    public int size() {
      return vectors.length;
    }
  }

  /**
   * One head whose decisions are sampled from its softmax, played {@code copies} times on every task, each copy
   * with its own decisions drawn from {@code seed}; the episodes bring back their score-function gradients.
   */
  record Sampled(double[] head, int copies, long seed) implements Candidates {
    @Override
    public int size() {
      return copies;
    }
  }
}
