package io.trinity.gateway.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.gateway.accounting.AccountingSnapshot;
import io.trinity.gateway.accounting.CallRecord;
import io.trinity.gateway.pool.Budget;
import java.util.Map;

/** {@code GET /accounting}: the accounts as JSON, for a driver that talks to an external gateway. */
final class AccountingJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AccountingJson() {
    }

    static byte[] write(AccountingSnapshot s) {
        ObjectNode root = JSON.createObjectNode();
        record(root.putObject("total"), s.total());
        Budget b = s.budget();
        ObjectNode budget = root.putObject("budget");
        budget.put("calls", b.calls()).put("tokens", b.tokens()).put("usd", b.usd())
                .put("exhausted", s.budgetExhausted());
        section(root.putObject("by_model"), s.byModel());
        section(root.putObject("by_role"), s.byRole());
        section(root.putObject("by_generation"), s.byGeneration());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the accounts", e);
        }
    }

    private static void section(ObjectNode node, Map<?, CallRecord> records) {
        records.forEach((k, r) -> record(node.putObject(String.valueOf(k)), r));
    }

    private static void record(ObjectNode node, CallRecord r) {
        node.put("upstream_calls", r.upstreamCalls())
                .put("cache_hits", r.cacheHits())
                .put("failures", r.failures())
                .put("prompt_tokens", r.promptTokens())
                .put("completion_tokens", r.completionTokens())
                .put("cost_usd", r.costUsd())
                .put("saved_usd", r.savedUsd())
                .put("estimated_tokens", r.estimatedTokens());
    }
}
