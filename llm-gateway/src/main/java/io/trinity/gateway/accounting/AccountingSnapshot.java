package io.trinity.gateway.accounting;

import io.trinity.gateway.pool.Budget;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The gateway's accounts at one moment: a {@link CallRecord} per (model, role, generation), the totals, the
 * budget and whether it is exhausted.
 */
public record AccountingSnapshot(Map<AccountKey, CallRecord> lines, CallRecord total, Budget budget,
        boolean budgetExhausted) {

    public Map<String, CallRecord> byModel() {
        return group(AccountKey::model);
    }

    /** Untagged calls are under "untagged". */
    public Map<String, CallRecord> byRole() {
        return group(k -> Objects.requireNonNullElse(k.role(), "untagged"));
    }

    /** Untagged calls are under -1. */
    public Map<Integer, CallRecord> byGeneration() {
        return group(k -> Objects.requireNonNullElse(k.generation(), -1));
    }

    private <K extends Comparable<K>> Map<K, CallRecord> group(Function<AccountKey, K> by) {
        return lines.entrySet().stream().collect(Collectors.toMap(e -> by.apply(e.getKey()), Map.Entry::getValue,
                CallRecord::plus, TreeMap::new));
    }
}
