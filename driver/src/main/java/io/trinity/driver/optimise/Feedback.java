package io.trinity.driver.optimise;

/**
 * How a generation's policies did: {@code fitness[k]} is policy k's mean shaped reward over the tasks, {@code
 * meanFitness} the optimiser's {@link Optimiser#mean()} on the same tasks. For {@link Candidates.Sampled} the
 * episodes' score-function sums too (see {@code io.trinity.driver.spark.ScoreSums}): their count, the sum of the
 * shaped rewards r, of the score functions g and of r g; null otherwise.
 */
public record Feedback(double[] fitness, double meanFitness, ScoreFunction scores) {
  /** Summed over the sampled episodes. */
  public record ScoreFunction(int episodes, double rewardSum, double[] scoreSum, double[] weightedScoreSum) {}
}
