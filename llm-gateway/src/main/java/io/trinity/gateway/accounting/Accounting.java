package io.trinity.gateway.accounting;

import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.pool.Budget;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tokens, calls and money per (model, role, generation), and the budget. The budget is checked before each
 * upstream call: once calls, tokens or USD spent reach a limit, further upstream calls fail with
 * {@link #BUDGET_EXHAUSTED} (HTTP 402) while cache hits, being free, still succeed. Calls already in flight
 * when the limit is reached still complete, so the spend can pass the limit by at most the calls in flight.
 */
public final class Accounting {

    /** The error code (and type) of a call refused because the budget is spent. */
    public static final String BUDGET_EXHAUSTED = "budget_exhausted";

    private static final class Counters {
        final LongAdder upstreamCalls = new LongAdder();
        final LongAdder cacheHits = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder promptTokens = new LongAdder();
        final LongAdder completionTokens = new LongAdder();
        final DoubleAdder cost = new DoubleAdder();
        final DoubleAdder saved = new DoubleAdder();
        final LongAdder estimatedTokens = new LongAdder();

        CallRecord record() {
            return new CallRecord(upstreamCalls.sum(), cacheHits.sum(), failures.sum(), promptTokens.sum(),
                    completionTokens.sum(), cost.sum(), saved.sum(), estimatedTokens.sum());
        }
    }

    private final Budget budget;
    private final ConcurrentMap<AccountKey, Counters> lines = new ConcurrentHashMap<>();
    private final Counters total = new Counters();

    public Accounting(Budget budget) {
        this.budget = budget;
    }

    public Budget budget() {
        return budget;
    }

    /** Throws the 402 {@link #BUDGET_EXHAUSTED} error when an upstream call would go over the budget. */
    public void checkBudget() {
        String spent = exhaustedBy();
        if (spent != null) {
            throw new GatewayException(402, BUDGET_EXHAUSTED, "the gateway's budget is exhausted: " + spent
                    + "; cached replies are still served", null, BUDGET_EXHAUSTED);
        }
    }

    public boolean budgetExhausted() {
        return exhaustedBy() != null;
    }

    public void paid(AccountKey key, int promptTokens, int completionTokens, double costUsd) {
        for (Counters c : new Counters[] {line(key), total}) {
            c.upstreamCalls.increment();
            c.promptTokens.add(promptTokens);
            c.completionTokens.add(completionTokens);
            c.cost.add(costUsd);
        }
    }

    /**
     * A stream cut after its first piece: paid for and failed. {@code estimatedTokens} of its tokens are the
     * gateway's estimates (the upstream never reported them), the rest the upstream's own counts.
     */
    public void cut(AccountKey key, int promptTokens, int completionTokens, long estimatedTokens, double costUsd) {
        paid(key, promptTokens, completionTokens, costUsd);
        failed(key);
        line(key).estimatedTokens.add(estimatedTokens);
        total.estimatedTokens.add(estimatedTokens);
    }

    public void cacheHit(AccountKey key, double savedUsd) {
        for (Counters c : new Counters[] {line(key), total}) {
            c.cacheHits.increment();
            c.saved.add(savedUsd);
        }
    }

    public void failed(AccountKey key) {
        line(key).failures.increment();
        total.failures.increment();
    }

    public AccountingSnapshot snapshot() {
        Map<AccountKey, CallRecord> copy = new LinkedHashMap<>();
        lines.forEach((k, c) -> copy.put(k, c.record()));
        return new AccountingSnapshot(copy, total.record(), budget, budgetExhausted());
    }

    private Counters line(AccountKey key) {
        return lines.computeIfAbsent(key, k -> new Counters());
    }

    private String exhaustedBy() {
        if (budget.calls() != null && total.upstreamCalls.sum() >= budget.calls()) {
            return total.upstreamCalls.sum() + " of " + budget.calls() + " calls spent";
        }
        long tokens = total.promptTokens.sum() + total.completionTokens.sum();
        if (budget.tokens() != null && tokens >= budget.tokens()) {
            return tokens + " of " + budget.tokens() + " tokens spent";
        }
        if (budget.usd() != null && total.cost.sum() >= budget.usd()) {
            return String.format(Locale.ROOT, "$%.4f of $%.4f spent", total.cost.sum(), budget.usd());
        }
        return null;
    }
}
