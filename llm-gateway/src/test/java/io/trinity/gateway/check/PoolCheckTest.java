package io.trinity.gateway.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.testing.ApiRules;
import io.trinity.gateway.testing.ScriptedUpstream;
import io.trinity.gateway.testing.ScriptedUpstream.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The pool check against scripted OpenAI endpoints over HTTP: one down, one refusing the key as OpenAI does, one
 * refusing {@code max_tokens} as OpenAI's reasoning models do, one fine, one whose key variable is unset, and a
 * simulated model.
 */
class PoolCheckTest {

    private static final String BAD_KEY = "{\"error\": {\"message\": \"Incorrect API key provided: sk-bad***. You can "
            + "find your API key at https://platform.openai.com/account/api-keys.\", \"type\": "
            + "\"invalid_request_error\", \"param\": null, \"code\": \"invalid_api_key\"}}";

    private static String entry(String name, String url, String keyEnv) {
        return """
                  - name: %s
                    provider: openai
                    base_url: %s
                    api_key_env: %s
                    model: %s-upstream
                    max_tokens: 2048
                    price: {input_per_mtok: 1, output_per_mtok: 2}
                """.formatted(name, url, keyEnv, name);
    }

    @Test
    void eachProblemGetsItsOwnLineAndTheFineModelsPass() throws Exception {
        ScriptedUpstream gone = ScriptedUpstream.openAi();
        String goneUrl = gone.baseUrl().toString();
        gone.close();
        try (ScriptedUpstream badKey = ScriptedUpstream.openAi().otherwise(Reply.status(401, BAD_KEY));
                ScriptedUpstream reasoning = ScriptedUpstream.openAi().rules(ApiRules::openAiReasoning);
                ScriptedUpstream fine = ScriptedUpstream.openAi()) {
            PoolConfig pool = PoolConfig.parse("models:\n"
                    + entry("down", goneUrl, "KEY_A")
                    + entry("badkey", badKey.baseUrl().toString(), "KEY_A")
                    + entry("reasoner", reasoning.baseUrl().toString(), "KEY_A")
                    + entry("fine", fine.baseUrl().toString(), "KEY_A")
                    + entry("nokey", fine.baseUrl().toString(), "KEY_UNSET")
                    + """
                      - name: sim-one
                        provider: sim
                        price: {input_per_mtok: 1, output_per_mtok: 2}
                        latency: {base_ms: 0, jitter_ms: 0}
                        skills:
                          default: {thinker: 0.5, worker: 0.5, recall: 0.5, false_reject: 0.1}
                    """, "check-pool.yaml");

            PoolCheckReport report = PoolCheck.builder().pool(pool).environment(Map.of("KEY_A", "sk-test-a1b2"))
                    .build().run();

            assertFalse(report.ok());
            List<String> problems = report.problems();
            assertEquals(4, problems.size(), report.text());
            assertTrue(problems.get(0).startsWith("model down: cannot connect to " + goneUrl), problems.get(0));
            assertTrue(problems.get(1).startsWith("model badkey: 401 from " + badKey.baseUrl()
                    + ": the key in KEY_A was refused"), problems.get(1));
            assertTrue(problems.get(1).endsWith("; check it"), problems.get(1));
            assertTrue(problems.get(2).startsWith("model reasoner: 400 from " + reasoning.baseUrl()
                    + ": it refuses the parameter 'max_tokens' (unsupported_parameter)"), problems.get(2));
            assertTrue(problems.get(2).contains("max_tokens_param: max_completion_tokens"), problems.get(2));
            assertTrue(problems.get(3).startsWith("model nokey: the environment variable KEY_UNSET"),
                    problems.get(3));

            ModelCheck down = report.models().get(0);
            assertEquals(Boolean.FALSE, down.reachable());
            assertNull(down.authOk(), "an unreachable model says nothing of its key");
            ModelCheck refused = report.models().get(1);
            assertEquals(List.of(true, false), List.of(refused.reachable(), refused.authOk()));
            assertEquals(Boolean.FALSE, report.models().get(2).parametersAccepted());
            ModelCheck ok = report.models().get(3);
            assertTrue(ok.ok());
            assertEquals(List.of(true, true, true, true),
                    List.of(ok.reachable(), ok.authOk(), ok.modelAccepted(), ok.parametersAccepted()));
            assertTrue(ok.tokens() > 0 && ok.cost() > 0 && ok.latencyMillis() >= 0, report.text());
            assertTrue(report.models().get(5).ok(), "the sim model answers: " + report.text());
            assertTrue(report.cost() >= ok.cost());

            assertEquals(1, badKey.calls().size(), "one call, no retry of a refused key");
            assertEquals("Bearer sk-test-a1b2", badKey.calls().get(0).headers().get("authorization"));
            assertEquals(1, fine.calls().size(), "the model without its key was not called");
            assertEquals(PoolCheck.REPLY_TOKENS, fine.calls().get(0).body().get("max_tokens").asInt(),
                    "the check asks for a small reply, whatever the entry's own cap");
            assertTrue(report.text().contains("sk-test-a1b2") == false, "the key is never printed");
            for (String problem : problems) {
                assertTrue(report.text().contains(problem + "\n"), "the text lists " + problem);
            }
        }
    }

    @Test
    void aReasoningEntryWrittenRightPasses() throws Exception {
        try (ScriptedUpstream reasoning = ScriptedUpstream.openAi().rules(ApiRules::openAiReasoning)) {
            PoolConfig pool = PoolConfig.parse("models:\n" + entry("o4", reasoning.baseUrl().toString(), "KEY_A")
                    + "    max_tokens_param: max_completion_tokens\n    accepts_temperature: false\n",
                    "reasoning-pool.yaml");

            PoolCheckReport report = PoolCheck.builder().pool(pool).environment(Map.of("KEY_A", "k")).build().run();

            assertTrue(report.ok(), report.text());
            assertFalse(reasoning.calls().get(0).body().has("temperature"));
        }
    }
}
