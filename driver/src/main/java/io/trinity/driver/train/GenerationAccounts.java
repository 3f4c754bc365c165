package io.trinity.driver.train;

import io.trinity.gateway.accounting.AccountKey;
import io.trinity.gateway.accounting.AccountingSnapshot;
import io.trinity.gateway.accounting.CallRecord;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What the gateway paid for one generation's calls (training and validation episodes), per model and per role:
 * the gateway's own accounts, which also count retries' successes, cache hits and failures.
 */
public record GenerationAccounts(Map<String, Line> byModel, Map<String, Line> byRole) {

  /** Upstream calls paid for, calls answered by the cache, calls that failed, tokens paid for and their cost. */
  public record Line(long upstreamCalls, long cacheHits, long failures, long tokens, double costUsd) {
    static Line of(CallRecord r) {
      return new Line(r.upstreamCalls(), r.cacheHits(), r.failures(), r.tokens(), r.costUsd());
    }
  }

  /** The accounts tagged with {@code generation} in {@code snapshot}. */
  public static GenerationAccounts of(AccountingSnapshot snapshot, int generation) {
    return new GenerationAccounts(group(snapshot, generation, AccountKey::model),
        group(snapshot, generation, k -> Objects.requireNonNullElse(k.role(), "untagged")));
  }

  private static Map<String, Line> group(AccountingSnapshot snapshot, int generation,
      Function<AccountKey, String> by) {
    Map<String, CallRecord> sums = new TreeMap<>();
    snapshot.lines().forEach((key, record) -> {
      if (key.generation() != null && key.generation() == generation) {
        sums.merge(by.apply(key), record, CallRecord::plus);
      }
    });
    Map<String, Line> lines = new TreeMap<>();
    sums.forEach((name, record) -> lines.put(name, Line.of(record)));
    return lines;
  }
}
