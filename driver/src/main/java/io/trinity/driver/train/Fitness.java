package io.trinity.driver.train;

import io.trinity.driver.spark.RoundResult;
import io.trinity.workers.episode.EpisodeResult;
import java.util.List;

/**
 * Fitness shaping: a policy's fitness is its mean over the generation's tasks of reward minus
 * {@code cost_penalty} times the episode's cost in USD.
 */
final class Fitness {
  private Fitness() {}

  static double[] of(RoundResult round, double costPenalty) {
    double[] fitness = new double[round.policies()];
    for (int p = 0; p < fitness.length; p++) {
      List<EpisodeResult> episodes = round.of(p);
      double sum = 0;
      for (EpisodeResult episode : episodes) {
        sum += episode.reward() - costPenalty * episode.cost();
      }
      fitness[p] = sum / episodes.size();
    }
    return fitness;
  }
}
