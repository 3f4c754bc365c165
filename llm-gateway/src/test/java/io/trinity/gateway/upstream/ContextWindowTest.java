package io.trinity.gateway.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.gateway.testing.ApiRules;
import io.trinity.gateway.testing.ScriptedUpstream;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A coordinator transcript too long for a model's {@code context_tokens} is cut before it is sent, and the cut is
 * counted in the gateway's metrics; the same call to an entry that does not know the window gets the upstream's
 * context-length 400.
 */
class ContextWindowTest {

    private static final String LONG = "y".repeat(3000);

    @Test
    void theOldestTurnsAreCutToFitAndCounted() throws Exception {
        try (ScriptedUpstream upstream = ScriptedUpstream.openAi().rules(ApiRules.openAiContext(2000));
             GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.parse("""
                     retry: {max_attempts: 1}
                     models:
                       - name: windowed
                         provider: openai
                         base_url: %1$s
                         max_tokens: 256
                         context_tokens: 2000
                         price: {input_per_mtok: 1, output_per_mtok: 2}
                       - name: unaware
                         provider: openai
                         base_url: %1$s
                         max_tokens: 256
                         price: {input_per_mtok: 1, output_per_mtok: 2}
                     """.formatted(upstream.baseUrl()), "window-pool")).build().start();
             OpenAiClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
            List<ChatMessage> messages = List.of(ChatMessage.system("You are the Worker in a team."),
                    ChatMessage.user("What is 6 times 7?"),
                    ChatMessage.user("Earlier turns:\n### Turn 1 | Thinker | a\n"
                            + LONG + "\n### Turn 2 | Worker | b\n" + LONG + "\n### Turn 3 | Verifier | c\n" + LONG));

            CompletionException refused = assertThrows(CompletionException.class,
                    () -> client.chat(new ChatRequest("unaware", messages, null, null, 1L)).join());
            GatewayException error = (GatewayException) refused.getCause();
            assertEquals(400, error.status());
            assertTrue(error.getMessage().contains("maximum context length is 2000 tokens"), error.getMessage());

            assertEquals("upstream says hi",
                    client.chat(new ChatRequest("windowed", messages, null, null, 1L)).join().content());
            List<String> sent = upstream.calls().get(1).body().path("messages").findValuesAsText("content");
            assertEquals(messages.get(0).content(), sent.get(0));
            assertEquals("What is 6 times 7?", sent.get(1), "the query is kept");
            assertTrue(sent.get(2).startsWith("Earlier turns:\n(turns 1 to 2 are left out: the context window is "
                    + "full)\n### Turn 3 | Verifier | c\n"), sent.get(2));

            String metrics = gateway.metricsText();
            assertTrue(metrics.contains("gateway_context_cut_requests_total{model=\"windowed\",} 1.0"), metrics);
            assertTrue(metrics.contains("gateway_context_cut_turns_total{model=\"windowed\",} 2.0"), metrics);
            assertTrue(metrics.contains("gateway_context_cut_messages_total{model=\"windowed\",} 0.0"), metrics);
        }
    }
}
