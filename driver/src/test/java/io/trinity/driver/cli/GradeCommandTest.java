package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void gradesEachResponseByIdOrLineNumberAndWritesASummary() throws Exception {
    Path tasks = write("gsm8k.jsonl", """
        {"question": "How many?", "answer": "2 + 2 = 4\\n#### 4"}
        {"question": "How much?", "answer": "1,000 + 250\\n#### 1,250"}
        """);
    Path responses = write("responses.jsonl", """
        {"task_id": 1, "response": "So the answer is $\\\\boxed{4}$."}
        {"task_id": "gsm8k/2", "response": "**Final Answer:** $1,250 dollars"}
        {"task_id": "2", "response": "It costs 1,205."}
        {"task_id": 1, "response": "I cannot tell."}
        """);
    Path out = dir.resolve("graded.jsonl");
    CliRun outcome = CliRun.of("grade", "--benchmark", "gsm8k", "--tasks", tasks.toString(),
        "--responses", responses.toString(), "--out", out.toString());
    assertEquals(0, outcome.exitCode(), outcome.err());
    List<String> lines = Files.readAllLines(out);
    assertEquals(5, lines.size(), lines.toString());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(1, first.get("task_id").intValue());
    assertEquals("4", first.get("extracted").textValue());
    assertTrue(first.get("correct").booleanValue());
    assertTrue(JSON.readTree(lines.get(1)).get("correct").booleanValue(), lines.get(1));
    JsonNode wrong = JSON.readTree(lines.get(2));
    assertEquals("2", wrong.get("task_id").textValue());
    assertEquals("extracted 1,205, expected 1250", wrong.get("reason").textValue());
    JsonNode none = JSON.readTree(lines.get(3));
    assertTrue(none.get("extracted").isNull());
    assertEquals(JSON.readTree("{\"summary\": {\"benchmark\": \"gsm8k\", \"responses\": 4, \"correct\": 2,"
        + " \"no_answer\": 1, \"accuracy\": 0.5}}"), JSON.readTree(lines.get(4)));
    assertTrue(outcome.err().contains("graded 4 responses: 2 correct (50.0%), 1 without an answer"), outcome.err());
  }

  @Test
  void aResponseNamingNoTaskIsAnErrorWithFileAndLine() throws Exception {
    Path tasks = write("t.jsonl", "{\"question\": \"q\", \"answer\": \"#### 1\"}\n");
    Path responses = write("r.jsonl",
        "{\"task_id\": 1, \"response\": \"1\"}\n\n{\"task_id\": 7, \"response\": \"1\"}\n");
    CliRun outcome = CliRun.of("grade", "--benchmark", "gsm8k", "--tasks", tasks.toString(),
        "--responses", responses.toString());
    assertEquals(2, outcome.exitCode());
    assertEquals("error: " + responses + ":3: task_id 7 names no task of the gsm8k tasks file\n", outcome.err());
  }

  @Test
  void badTaskRowsFailOrAreSkippedAndCounted() throws Exception {
    Path tasks = write("m.jsonl", """
        {"question": "q", "subject": "s", "choices": ["a", "b", "c", "d"], "answer": 2}
        {"question": "q", "subject": "s", "choices": ["a", "b"], "answer": 0}
        """);
    Path responses = write("r.jsonl", "{\"task_id\": 1, \"response\": \"The correct option is (C).\"}\n");
    CliRun failed = CliRun.of("grade", "--benchmark", "mmlu", "--tasks", tasks.toString(),
        "--responses", responses.toString());
    assertEquals(2, failed.exitCode());
    assertTrue(failed.err().startsWith("error: " + tasks + ":2: field 'choices'"), failed.err());

    CliRun skipped = CliRun.of("grade", "--benchmark", "mmlu", "--tasks", tasks.toString(),
        "--responses", responses.toString(), "--skip-bad-rows");
    assertEquals(0, skipped.exitCode(), skipped.err());
    assertTrue(skipped.err().startsWith("warning: skipped 1 bad rows of " + tasks), skipped.err());
    assertTrue(skipped.out().startsWith("{\"task_id\":1,\"extracted\":\"C\",\"correct\":true"), skipped.out());
  }

  @Test
  void codeAnswersRunAgainstTheTasksTestsInTheSandbox() throws Exception {
    Path tasks = write("he.jsonl", "{\"task_id\": \"HumanEval/0\", \"prompt\": \"def f(x):\\n\", "
        + "\"entry_point\": \"f\", \"canonical_solution\": \"    return x + 1\\n\", "
        + "\"test\": \"def check(c):\\n    assert c(1) == 2\\n    assert c(-1) == 0\\n\"}\n");
    Path responses = write("r.jsonl",
        "{\"task_id\": \"HumanEval/0\", \"response\": \"```python\\ndef f(x):\\n    return x + 1\\n```\"}\n"
        + "{\"task_id\": \"HumanEval/0\", \"response\": \"```python\\ndef f(x):\\n    return x * 2\\n```\"}\n");
    CliRun outcome = CliRun.of("grade", "--benchmark", "humaneval", "--tasks", tasks.toString(),
        "--responses", responses.toString());
    assertEquals(0, outcome.exitCode(), outcome.err());
    String[] lines = outcome.out().strip().split("\n");
    assertTrue(lines[0].contains("\"correct\":true"), lines[0]);
    assertTrue(lines[1].contains("\"correct\":false"), lines[1]);
    assertTrue(outcome.err().contains("graded 2 responses: 1 correct"), outcome.err());
  }

  @Test
  void theLimitsOnlyOptOutGradesCodeAndAnUnknownIsolationIsRefused() throws Exception {
    Path tasks = write("he2.jsonl", "{\"task_id\": \"HumanEval/0\", \"prompt\": \"def f(x):\\n\", "
        + "\"entry_point\": \"f\", \"canonical_solution\": \"    return x + 1\\n\", "
        + "\"test\": \"def check(c):\\n    assert c(1) == 2\\n\"}\n");
    Path responses = write("r2.jsonl",
        "{\"task_id\": \"HumanEval/0\", \"response\": \"```python\\ndef f(x):\\n    return x + 1\\n```\"}\n"
        + "{\"task_id\": \"HumanEval/0\", \"response\": \"```python\\nimport sys\\ndef f(x):\\n    return 0\\n"
        + "sys.exit(0)\\n```\"}\n");
    CliRun optedOut = CliRun.of("grade", "--benchmark", "humaneval", "--tasks", tasks.toString(),
        "--responses", responses.toString(), "--sandbox-isolation", "limits_only");
    assertEquals(0, optedOut.exitCode(), optedOut.err());
    String[] lines = optedOut.out().strip().split("\n");
    assertTrue(lines[0].contains("\"correct\":true"), lines[0]);
    assertTrue(lines[1].contains("\"correct\":false") && lines[1].contains("exited before its tests finished"),
        lines[1]);
    CliRun unknown = CliRun.of("grade", "--benchmark", "humaneval", "--tasks", tasks.toString(),
        "--responses", responses.toString(), "--sandbox-isolation", "none");
    assertEquals(2, unknown.exitCode());
    assertEquals("error: --sandbox-isolation: expected one of bubblewrap, limits_only, got 'none'",
        unknown.err().strip());
  }
}
