package io.trinity.driver.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What REINFORCE needs from a set of sampled episodes, summed: their count, the sum of their rewards r, of their
 * score functions g = sum over turns of grad log pi, and of r g. Any baseline b known when they are told then gives
 * the estimate (sum r g - b sum g) / count without the episodes themselves, so a Spark task sends these four
 * figures instead of a gradient per episode. {@code first} is the smallest episode key summed, which orders the
 * partitions' sums on the driver: floating-point sums in a fixed order keep a run reproducible bit for bit.
 */
public record ScoreSums(EpisodeKey first, int episodes, double rewardSum, double[] scoreSum,
    double[] weightedScoreSum) implements Serializable {
  private static final Comparator<EpisodeKey> ORDER = Comparator.comparingInt(EpisodeKey::policy)
      .thenComparingInt(EpisodeKey::task);

  /** {@code sums} (null: none yet) with one more episode of reward {@code reward} and score function {@code score}. */
  static ScoreSums add(ScoreSums sums, EpisodeKey key, double reward, double[] score) {
    if (sums == null) {
      sums = new ScoreSums(key, 0, 0, new double[score.length], new double[score.length]);
    }
    for (int i = 0; i < score.length; i++) {
      sums.scoreSum[i] += score[i];
      sums.weightedScoreSum[i] += reward * score[i];
    }
    EpisodeKey first = ORDER.compare(key, sums.first) < 0 ? key : sums.first;
    return new ScoreSums(first, sums.episodes + 1, sums.rewardSum + reward, sums.scoreSum, sums.weightedScoreSum);
  }

  /** The partitions' sums added up in the order of their first keys; null when there are none. */
  static ScoreSums total(List<ScoreSums> partitions) {
    if (partitions.isEmpty()) {
      return null;
    }
    List<ScoreSums> ordered = new ArrayList<>(partitions);
    ordered.sort(Comparator.comparing(ScoreSums::first, ORDER));
    int n = ordered.get(0).scoreSum.length;
    double[] score = new double[n];
    double[] weighted = new double[n];
    int episodes = 0;
    double rewards = 0;
    for (ScoreSums part : ordered) {
      episodes += part.episodes;
      rewards += part.rewardSum;
      for (int i = 0; i < n; i++) {
        score[i] += part.scoreSum[i];
        weighted[i] += part.weightedScoreSum[i];
      }
    }
    return new ScoreSums(ordered.get(0).first, episodes, rewards, score, weighted);
  }

  /** The mean reward of the episodes summed. */
  public double meanReward() {
    return rewardSum / episodes;
  }
}
