package io.trinity.driver.serve;

import io.trinity.workers.episode.PlayedTurn;
import java.util.List;

/** The tokens and cost of an episode's answered turns together, which both APIs' {@code usage} report. */
record UsageTotals(long promptTokens, long completionTokens, double cost) {

  static UsageTotals of(List<PlayedTurn> turns) {
    long prompt = 0;
    long completion = 0;
    double cost = 0;
    for (PlayedTurn turn : turns) {
      prompt += turn.usage().promptTokens();
      completion += turn.usage().completionTokens();
      cost += turn.usage().cost();
    }
    return new UsageTotals(prompt, completion, cost);
  }
}
