package io.trinity.driver.gateway;

import io.trinity.gateway.accounting.CallRecord;
import io.trinity.gateway.pool.Budget;
import io.trinity.workers.episode.EpisodeResult;
import java.util.Collection;

/** What a job has spent on the pool: its calls, tokens and cost. */
public record Spend(long calls, long promptTokens, long completionTokens, double costUsd) {
  public static final Spend ZERO = new Spend(0, 0, 0, 0);

  public static Spend of(Collection<EpisodeResult> episodes) {
    long calls = 0;
    long in = 0;
    long out = 0;
    double cost = 0;
    for (EpisodeResult r : episodes) {
      calls += r.calls();
      in += r.promptTokens();
      out += r.completionTokens();
      cost += r.cost();
    }
    return new Spend(calls, in, out, cost);
  }

  /** What a gateway paid upstream: its calls, tokens and cost, cache hits left out (they are free). */
  public static Spend paid(CallRecord total) {
    return new Spend(total.upstreamCalls(), total.promptTokens(), total.completionTokens(), total.costUsd());
  }

  /** What {@code budget} leaves after this spend; a limit already reached leaves 0, which is spent. */
  public Budget leftOf(Budget budget) {
    return new Budget(budget.calls() == null ? null : Math.max(0, budget.calls() - calls),
        budget.tokens() == null ? null : Math.max(0, budget.tokens() - tokens()),
        budget.usd() == null ? null : Math.max(0, budget.usd() - costUsd));
  }

  public Spend plus(Spend other) {
    return new Spend(calls + other.calls, promptTokens + other.promptTokens,
        completionTokens + other.completionTokens, costUsd + other.costUsd);
  }

  public long tokens() {
    return promptTokens + completionTokens;
  }
}
