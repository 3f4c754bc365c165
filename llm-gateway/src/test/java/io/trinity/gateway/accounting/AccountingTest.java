package io.trinity.gateway.accounting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.cache.SqliteResponseCache;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.Fixtures;
import io.trinity.gateway.testing.Fixtures.KeyEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Accounts per model, role and generation from tagged calls, and the budget, through a real gateway. */
class AccountingTest {

    @TempDir
    Path dir;

    private PoolConfig pool() {
        return PoolConfig.parse(Fixtures.simPool("sim-a", 0.5, 0, 0) + """
                  - name: sim-b
                    provider: sim
                    price: {input_per_mtok: 100, output_per_mtok: 200}
                    skills: {default: {thinker: 1, worker: 1, verifier: 1}}
                """, "accounting-pool");
    }

    private static ChatRequest call(String model, KeyEntry q, String role, Integer generation) {
        return new ChatRequest(model, Fixtures.turn("Worker", q.prompt()), null, null, 1L)
                .withTags(new CallTags(role, generation));
    }

    @Test
    void tagsSplitTheAccountsByModelRoleAndGeneration() throws Exception {
        List<KeyEntry> qs = Fixtures.numberQuestions(6, "gsm8k");
        try (GatewayServer gateway = GatewayServer.builder().pool(pool())
                .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), qs)).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            var a1 = client.chat(call("sim-a", qs.get(0), "worker", 0)).join();
            var a2 = client.chat(call("sim-a", qs.get(1), "thinker", 0)).join();
            var b1 = client.chat(call("sim-b", qs.get(2), "worker", 1)).join();
            var untagged = client.chat(call("sim-b", qs.get(3), null, null)).join();

            AccountingSnapshot s = gateway.accounting();
            assertEquals(4, s.total().upstreamCalls());
            assertEquals(a1.usage().promptTokens() + a2.usage().promptTokens(),
                    s.byModel().get("sim-a").promptTokens());
            assertEquals(b1.usage().cost() + untagged.usage().cost(), s.byModel().get("sim-b").costUsd(), 1e-12);
            assertEquals(a1.usage().completionTokens() + b1.usage().completionTokens(),
                    s.byRole().get("worker").completionTokens());
            assertEquals(1, s.byRole().get("thinker").upstreamCalls());
            assertEquals(1, s.byRole().get("untagged").upstreamCalls());
            assertEquals(2, s.byGeneration().get(0).upstreamCalls());
            assertEquals(b1.usage().cost(), s.byGeneration().get(1).costUsd(), 1e-12);
            assertEquals(1, s.byGeneration().get(-1).upstreamCalls());

            JsonNode json = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/accounting")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertEquals(4, json.path("total").path("upstream_calls").asLong());
            assertEquals(1, json.path("by_role").path("thinker").path("upstream_calls").asLong());
            assertEquals(b1.usage().cost(), json.path("by_generation").path("1").path("cost_usd").asDouble(), 1e-12);
            assertTrue(gateway.metricsText().contains("gateway_cost_usd_total{model=\"sim-b\",role=\"worker\",}"));
        }
    }

    @Test
    void anExhaustedBudgetRefusesPaidCallsWith402ButServesTheCache() {
        List<KeyEntry> qs = Fixtures.numberQuestions(4, "gsm8k");
        try (SqliteResponseCache cache = new SqliteResponseCache(dir.resolve("c.db"));
             GatewayServer gateway = GatewayServer.builder().pool(pool()).cache(cache)
                     .budget(new Budget(3L, null, null))
                     .answerKey(Fixtures.writeAnswerKey(dir.resolve("key.jsonl"), qs)).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            for (int i = 0; i < 3; i++) {
                client.chat(call("sim-a", qs.get(i), "worker", 0)).join();
            }
            assertTrue(gateway.budgetExhausted());
            GatewayException e = assertInstanceOf(GatewayException.class, assertThrows(CompletionException.class,
                    () -> client.chat(call("sim-a", qs.get(3), "worker", 0)).join()).getCause());
            assertEquals(402, e.status());
            assertEquals(Accounting.BUDGET_EXHAUSTED, e.code());
            assertTrue(e.getMessage().contains("3 of 3 calls spent"), e.getMessage());
            // A replayed call costs nothing, so it is still served.
            client.chat(call("sim-a", qs.get(0), "worker", 0)).join();
            AccountingSnapshot s = gateway.accounting();
            assertEquals(3, s.total().upstreamCalls());
            assertEquals(1, s.total().cacheHits());
            assertTrue(s.budgetExhausted());
            assertTrue(gateway.metricsText().contains("gateway_budget_exhausted 1.0"));
        }
    }

    @Test
    void moneyAndTokenBudgets() {
        Accounting money = new Accounting(new Budget(null, null, 0.01));
        AccountKey key = new AccountKey("m", null, null);
        money.paid(key, 10, 10, 0.006);
        assertFalse(money.budgetExhausted());
        money.paid(key, 10, 10, 0.006);
        assertEquals("the gateway's budget is exhausted: $0.0120 of $0.0100 spent; cached replies are still served",
                assertThrows(GatewayException.class, money::checkBudget).getMessage());
        Accounting tokens = new Accounting(new Budget(null, 100L, null));
        tokens.paid(key, 60, 39, 0);
        tokens.checkBudget();
        tokens.cacheHit(key, 5.0);
        tokens.checkBudget();
        tokens.paid(key, 1, 0, 0);
        assertTrue(tokens.budgetExhausted());
    }
}
