package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.TestCase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fixture is made by src/test/resources/io/trinity/fitness/code/make_livecodebench_sample.py. */
class LiveCodeBenchLoadTest {

    static List<Task> sample() throws IOException {
        try (InputStream in = LiveCodeBenchLoadTest.class.getResourceAsStream(
                "/io/trinity/fitness/code/livecodebench_sample.jsonl")) {
            return Benchmark.LIVECODEBENCH.load(in, "livecodebench_sample.jsonl");
        }
    }

    @Test
    void stdinProblemsKeepPublicThenPrivateCases() throws IOException {
        Task task = sample().get(0);
        assertEquals("livecodebench/abc000_a", task.id());
        assertEquals(AnswerFormat.CODE, task.format());
        assertEquals("", task.gold());
        assertTrue(task.prompt().startsWith("You are given two integers A and B"), task.prompt());
        assertTrue(task.prompt().contains("writes output to STDOUT"), task.prompt());
        CodeTests tests = task.codeTests();
        assertEquals(CodeTests.Kind.STDIN_STDOUT, tests.kind());
        assertEquals(List.of(new TestCase("1 2\n", "3\n2\n"), new TestCase("10 20\n", "30\n200\n"),
                new TestCase("-5 5\n", "0\n-25\n")), tests.cases());
        assertTrue(tests.prefix().contains("from typing import *"));
    }

    @Test
    void functionalProblemsCallTheMetadataFunctionAndShowTheStarterCode() throws IOException {
        Task task = sample().get(1);
        assertEquals("livecodebench/9001", task.id());
        CodeTests tests = task.codeTests();
        assertEquals(CodeTests.Kind.FUNCTION_CALL, tests.kind());
        assertEquals("twoSum", tests.functionName());
        assertEquals(3, tests.cases().size());
        assertEquals(new TestCase("[3, 3]\n6", "[0, 1]"), tests.cases().get(2));
        assertTrue(task.prompt().contains("```python\nclass Solution:\n    def twoSum(self"), task.prompt());
    }

    @Test
    void realPickledPrivateTestsDecode() {
        List<TestCase> cases = LiveCodeBenchShortSort.task().codeTests().cases();
        assertEquals(5, cases.size());
        assertEquals(new TestCase("6\nabc\nacb\nbac\nbca\ncab\ncba\n", "YES\nYES\nYES\nNO\nNO\nYES\n"),
                cases.get(0));
        assertEquals(new TestCase("1\nabc\n", "YES\n"), cases.get(1));
        assertEquals(new TestCase("5\ncab\nacb\ncba\nbac\nbca\n", "NO\nYES\nYES\nYES\nNO\n"), cases.get(3));
    }

    @Test
    void nameIsAccepted() {
        assertEquals(Benchmark.LIVECODEBENCH, Benchmark.fromName("LiveCodeBench"));
    }

    /** A row whose private tests and metadata are the given strings, on line 2 of lcb.jsonl. */
    private static TaskFormatException badRow(String privateCases, String metadata) {
        ObjectNode row = new ObjectMapper().createObjectNode().put("question_id", "q1").put("question_content", "c")
                .put("starter_code", "").put("public_test_cases", "[]").put("private_test_cases", privateCases)
                .put("metadata", metadata);
        return assertThrows(TaskFormatException.class, () -> Benchmark.LIVECODEBENCH.load(
                new ByteArrayInputStream(("\n" + row + "\n").getBytes(StandardCharsets.UTF_8)), "lcb.jsonl"));
    }

    @Test
    void undecodablePrivateTestsNameFileLineAndField() {
        var e = badRow("bm90IHpsaWI=", "{}");
        assertTrue(e.getMessage().startsWith("lcb.jsonl:2: field 'private_test_cases': expected LiveCodeBench test "
                + "cases (private_test_cases is not base64 + zlib + pickle"), e.getMessage());
    }

    @Test
    void mixedOrUnknownTestTypesAreRejected() {
        var e = badRow("[{\"input\": \"1\", \"output\": \"1\", \"testtype\": \"magic\"}]", "{}");
        assertTrue(e.getMessage().contains("testtype must be 'stdin' or 'functional'"), e.getMessage());
        var mixed = badRow("[{\"input\": \"1\", \"output\": \"1\", \"testtype\": \"stdin\"}, "
                + "{\"input\": \"1\", \"output\": \"1\", \"testtype\": \"functional\"}]", "{}");
        assertTrue(mixed.getMessage().contains("found 'stdin' and 'functional'"), mixed.getMessage());
    }

    @Test
    void functionalTestsNeedAFunctionName() {
        var e = badRow("[{\"input\": \"1\", \"output\": \"1\", \"testtype\": \"functional\"}]",
                "{\"other\": 1}");
        assertTrue(e.getMessage().startsWith("lcb.jsonl:2: field 'metadata': expected a JSON object with the "
                + "'func_name'"), e.getMessage());
    }

    @Test
    void noCasesAtAllIsAnError() {
        var e = badRow("[]", "{}");
        assertTrue(e.getMessage().contains("no test cases"), e.getMessage());
    }
}
