package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.gateway.ScriptedOpenAiUpstream;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.gateway.check.PoolCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trinity pool check} against four scripted OpenAI endpoints over HTTP (one down, one refusing the key, one
 * refusing {@code max_tokens} as reasoning models do, one fine) names each problem on its own line and exits
 * non-zero; {@code trinity train} on the same pool stops before generation 1 with the same lines, having made only
 * the check's calls, and writes nothing, so the same command trains once the pool is fixed. Surefire sets
 * TRINITY_TEST_GATEWAY_TOKEN (driver/pom.xml), the key variable of the entries.
 */
class PoolCheckCommandTest {
  private static final String KEY_ENV = "TRINITY_TEST_GATEWAY_TOKEN";

  @TempDir
  Path dir;

  private static String entry(String name, String url) {
    return """
          - name: %s
            provider: openai
            base_url: %s
            api_key_env: %s
            model: %s-upstream
            timeout_ms: 5000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
        """.formatted(name, url, KEY_ENV, name);
  }

  @Test
  void eachProblemOnItsOwnLineAndTrainingStopsBeforeGenerationOneWithTheSameLines() throws Exception {
    String down = ScriptedOpenAiUpstream.down();
    try (ScriptedOpenAiUpstream badKey = ScriptedOpenAiUpstream.answering(ScriptedOpenAiUpstream.BAD_KEY);
        ScriptedOpenAiUpstream reasoning = ScriptedOpenAiUpstream.reasoningModel();
        ScriptedOpenAiUpstream fine = ScriptedOpenAiUpstream.answering(ScriptedOpenAiUpstream.OK)) {
      TrainingFixtures.config(dir, 2, 4, 4, 16, "");
      Path pool = dir.resolve("pool.yaml");
      Files.writeString(pool, "models:\n" + entry("gone", down) + entry("badkey", badKey.baseUrl())
          + entry("reasoner", reasoning.baseUrl()) + entry("fine", fine.baseUrl()));

      CliRun check = CliRun.of("pool", "check", "--pool", pool.toString());

      assertEquals(1, check.exitCode(), check.out() + check.err());
      List<String> problems = problemLines(check.out());
      assertEquals(3, problems.size(), check.out());
      assertTrue(problems.get(0).startsWith("model gone: cannot connect to " + down + " ("), problems.get(0));
      assertTrue(problems.get(0).endsWith("check base_url and that the server is up"), problems.get(0));
      assertTrue(problems.get(1).startsWith("model badkey: 401 from " + badKey.baseUrl() + ": the key in " + KEY_ENV
          + " was refused (Incorrect API key provided"), problems.get(1));
      assertTrue(problems.get(2).startsWith("model reasoner: 400 from " + reasoning.baseUrl()
          + ": it refuses the parameter 'max_tokens' (unsupported_parameter)"), problems.get(2));
      assertTrue(problems.get(2).endsWith("set max_tokens_param: max_completion_tokens in its pool entry (as OpenAI's "
          + "reasoning models need)"), problems.get(2));
      String table = check.out();
      assertTrue(table.lines().anyMatch(l -> l.startsWith("fine ") && l.contains(fine.baseUrl())
          && l.matches(".*yes +yes +yes +yes +\\d+ ms +15 +\\$0\\.000016.*")), table);
      assertTrue(table.contains("4 models, 3 with problems; the check paid 15 tokens, $0.000016"), table);
      assertFalse(table.contains(System.getenv(KEY_ENV)), "the key is never printed");
      int[] checkCalls = {badKey.calls().size(), reasoning.calls().size(), fine.calls().size()};
      assertEquals(List.of(1, 1, 1), Arrays.stream(checkCalls).boxed().toList(), "one call per model");

      Path run = dir.resolve("run");
      CliRun train = CliRun.of("train", "--config", dir.resolve("train.yaml").toString(), "--out", run.toString());

      assertEquals(2, train.exitCode(), train.out() + train.err());
      assertTrue(train.err().startsWith("error: the pool check found 3 problem(s) before the first episode"),
          train.err());
      List<String> trainLines = problemLines(train.err());
      assertEquals(problems.stream().map(PoolCheckCommandTest::withoutVaryingDetail).toList(),
          trainLines.stream().map(PoolCheckCommandTest::withoutVaryingDetail).toList());
      assertEquals(List.of(2, 2, 2), Stream.of(badKey, reasoning, fine).map(u -> u.calls().size()).toList(),
          "the run made the check's calls and nothing else");
      try (Stream<Path> written = Files.exists(run) ? Files.walk(run) : Stream.empty()) {
        assertEquals(List.of(), written.filter(Files::isRegularFile).toList(), "nothing was written to --out");
      }

      // Fixed: the reasoning model's entry takes max_completion_tokens, the others point at working endpoints.
      Files.writeString(pool, "models:\n" + entry("badkey", fine.baseUrl()) + entry("reasoner", reasoning.baseUrl())
          + "    max_tokens_param: max_completion_tokens\n" + entry("fine", fine.baseUrl()));
      CliRun fixed = CliRun.of("pool", "check", "--pool", pool.toString());
      assertEquals(0, fixed.exitCode(), fixed.out() + fixed.err());
      assertTrue(fixed.out().contains("3 models, all answered"), fixed.out());
      CliRun again = CliRun.of("train", "--config", dir.resolve("train.yaml").toString(), "--out", run.toString());
      assertEquals(0, again.exitCode(), "the same command trains once the pool is fixed: " + again.err());
      assertTrue(Files.exists(run.resolve("checkpoint.json")));
      assertEquals(PoolCheck.PROMPT, reasoning.calls().get(3).at("/messages/0/content").asText(),
          "the successful run checked the pool first too");
      assertTrue(reasoning.calls().stream().skip(4).anyMatch(body -> body.at("/messages/0/role").asText()
          .equals("system")), "then played its episodes");
      assertTrue(reasoning.calls().stream().skip(3).allMatch(body -> body.has("max_completion_tokens")
          && !body.has("max_tokens")), "the run sends the reasoning model the cap it takes");
    }
  }

  private static List<String> problemLines(String printed) {
    return printed.lines().filter(l -> l.matches("model \\S+: .*")).toList();
  }

  /** The connection error's text names the JDK's exception, which may differ between two attempts. */
  private static String withoutVaryingDetail(String line) {
    return line.startsWith("model gone: ") ? line.replaceAll("\\(.*\\)", "(...)") : line;
  }

  @Test
  void aPoolOfSimulatedModelsPasses() {
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);

    CliRun check = CliRun.of("pool", "check", "--pool", pool.toString());

    assertEquals(0, check.exitCode(), check.out() + check.err());
    assertTrue(check.out().contains("4 models, all answered"), check.out());
    assertTrue(check.out().lines().filter(l -> l.startsWith("sim-")).allMatch(l -> l.contains("simulated")),
        check.out());
  }

  @Test
  void anUnknownModelIsAnInputError() {
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);

    CliRun check = CliRun.of("pool", "check", "--pool", pool.toString(), "--model", "sim-nobody");

    assertEquals(2, check.exitCode());
    assertTrue(check.err().startsWith("error: --model sim-nobody: " + pool + " has no such model"), check.err());
  }

  @Test
  void poolAloneAsksForItsSubcommand() {
    CliRun pool = CliRun.of("pool");

    assertEquals(2, pool.exitCode());
    assertTrue(pool.err().contains("Missing required subcommand") && pool.err().contains("check"), pool.err());
  }
}
