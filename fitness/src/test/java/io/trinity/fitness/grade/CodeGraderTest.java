package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.code.TestCase;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.LiveCodeBenchShortSort;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CodeGraderTest {

    private static final String PROMPT = "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n";
    private static final Task ADD = new Task("he/1", "humaneval", "humaneval", PROMPT, "    return a + b\n",
            AnswerFormat.CODE,
            CodeTests.asserts(PROMPT, "def check(f):\n    assert f(2, 3) == 5\n\ncheck(add)\n", "add"));

    private static CodeGrader grader;
    private static List<Task> livecodebench;

    @BeforeAll
    static void setUp() throws IOException {
        grader = new CodeGrader(Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP).build());
        try (InputStream in = CodeGraderTest.class.getResourceAsStream(
                "/io/trinity/fitness/code/livecodebench_sample.jsonl")) {
            livecodebench = Benchmark.LIVECODEBENCH.load(in, "livecodebench_sample.jsonl");
        }
    }

    private static Grade grade(Task task, String reply) {
        return grader.grade(task, reply);
    }

    @Test
    void aBodyContinuesThePromptAndAFullFunctionReplacesIt() {
        assertTrue(grade(ADD, "```python\n    return a + b\n```").correct());
        Grade full = grade(ADD,
                "Sure!\n```python\nimport operator\n\ndef add(a, b):\n    return operator.add(a, b)\n```");
        assertTrue(full.correct(), full.reason());
        assertTrue(full.extracted().startsWith("import operator"));
    }

    @Test
    void aUsageExampleAfterTheSolutionIsNotGradedAsTheSolution() {
        Grade grade = grade(ADD,
                "```python\ndef add(a, b):\n    return a + b\n```\nUsage:\n```python\nprint(add(2, 3))\n```");
        assertTrue(grade.correct(), grade.reason());
    }

    @Test
    void aWrongAnswerFailsWithTheAssertion() {
        Grade grade = grade(ADD, "```python\ndef add(a, b):\n    return a - b\n```");
        assertFalse(grade.correct());
        assertTrue(grade.reason().endsWith("AssertionError"), grade.reason());
    }

    @Test
    void mainBlocksDoNotRunAsInTheOfficialHarness() {
        Grade grade = grade(ADD, """
                ```python
                def add(a, b):
                    return a + b

                if __name__ == "__main__":
                    print(add(int(input()), 1))
                ```""");
        assertTrue(grade.correct(), grade.reason());
    }

    @Test
    void answersThatReplaceStdoutStillReachTheMarker() {
        Grade grade = grade(ADD,
                "```python\nimport io, sys\nsys.stdout = io.StringIO()\ndef add(a, b):\n    return a + b\n```");
        assertTrue(grade.correct(), grade.reason());
        Task twice = new Task("f", "livecodebench", "livecodebench", "p", "", AnswerFormat.CODE,
                CodeTests.functionCall("", "twice", List.of(new TestCase("4", "8"))));
        Grade closed = grade(twice, "```python\nimport sys\nsys.stdout.close()\ndef twice(x):\n    return 2 * x\n```");
        assertTrue(closed.correct(), closed.reason());
    }

    @Test
    void exitingBeforeTheTestsRanIsWrong() {
        Grade grade = grade(ADD, "```python\nimport sys\ndef add(a, b):\n    return 0\nsys.exit(0)\n```");
        assertFalse(grade.correct());
        assertEquals("the program exited before its tests finished", grade.reason());
    }

    @Test
    void syntaxErrorsAndProseAreWrongWithTheError() {
        Grade prose = grade(ADD, "I think you should add the numbers.");
        assertFalse(prose.correct());
        assertTrue(prose.reason().contains("SyntaxError"), prose.reason());
        Grade none = grade(ADD, "```cpp\nint add(int a, int b) { return a + b; }\n```");
        assertEquals(new Grade(false, null, "no Python code found"), none);
    }

    @Test
    void aTaskWithoutTestsIsACallerError() {
        Task bare = new Task("x", "humaneval", "humaneval", "p", "g", AnswerFormat.CODE);
        var e = assertThrows(IllegalArgumentException.class, () -> grade(bare, "```python\npass\n```"));
        assertTrue(e.getMessage().contains("task x"), e.getMessage());
    }

    @Test
    void mbppImportsPrecedeTheAnswer() {
        Task task = new Task("mbpp/1", "mbpp", "mbpp", "p", "g", AnswerFormat.CODE,
                CodeTests.asserts("import math", "assert root(16) == 4"));
        assertTrue(grade(task, "```python\ndef root(x):\n    return math.isqrt(x)\n```").correct());
    }

    @Test
    void livecodebenchStdinSolutionsPassAllCasesPublicAndPrivate() {
        Task task = livecodebench.get(0);
        Grade grade = grade(task, "```python\na, b = map(int, input().split())\nprint(a + b)\nprint(a * b)\n```");
        assertTrue(grade.correct(), grade.reason());
        assertEquals("all 3 tests passed", grade.reason());
    }

    @Test
    void livecodebenchStdinReportsTheFirstFailingCase() {
        Task task = livecodebench.get(0);
        Grade grade = grade(task, "```python\na, b = map(int, input().split())\nprint(a + b)\nprint(abs(a * b))\n```");
        assertFalse(grade.correct());
        assertEquals("test 3/3: wrong output: line 2 is '25', expected '-25'", grade.reason());
        Grade crash = grade(task, "```python\nprint(1 / 0)\n```");
        assertTrue(crash.reason().startsWith("test 1/3: exit 1: ZeroDivisionError"), crash.reason());
    }

    @Test
    void aRealLiveCodeBenchProblemIsGradedOnItsDecodedPrivateTests() {
        Task task = LiveCodeBenchShortSort.task();
        Grade right = grade(task, """
                ```python
                for _ in range(int(input())):
                    s = input().strip()
                    print("YES" if sum(a != b for a, b in zip(s, "abc")) <= 2 else "NO")
                ```""");
        assertTrue(right.correct(), right.reason());
        assertEquals("all 5 tests passed", right.reason());
        Grade wrong = grade(task,
                "```python\nfor _ in range(int(input())):\n    print('YES' if input() == 'abc' else 'NO')\n```");
        assertFalse(wrong.correct());
        assertTrue(wrong.reason().startsWith("test 1/5: wrong output: line 2 is 'NO', expected 'YES'"),
                wrong.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3\\n2\\n       | 3\\n2\\n         | true
            3  \\n 2\\n\\n | 3\\n2\\n         | true
            3.0\\n2\\n     | 3\\n2\\n         | true
            3 2\\n         | 3\\n2\\n         | false
            3\\n2\\n1\\n   | 3\\n2\\n         | false
            3.5\\n         | 3.50\\n          | true
            1e2\\n         | 100\\n           | true
            abc\\n         | ABC\\n           | false
            Yes\\n         | Yes\\r\\n        | true
            """)
    void stdoutFollowsLiveCodeBenchWhitespaceAndDecimalRules(String actual, String expected, boolean same) {
        Optional<String> mismatch = OutputComparison.mismatch(unescape(actual), unescape(expected));
        assertEquals(same, mismatch.isEmpty(), mismatch.orElse("same"));
    }

    private static String unescape(String text) {
        return text.replace("\\n", "\n").replace("\\r", "\r");
    }

    @Test
    void livecodebenchFunctionalCallsTheSolutionMethod() {
        Task task = livecodebench.get(1);
        Grade right = grade(task, """
                ```python
                class Solution:
                    def twoSum(self, nums: List[int], target: int) -> List[int]:
                        seen = {}
                        for i, n in enumerate(nums):
                            if target - n in seen:
                                return (seen[target - n], i)
                            seen[n] = i
                ```""");
        assertTrue(right.correct(), right.reason());
        Grade wrong = grade(task, """
                ```python
                class Solution:
                    def twoSum(self, nums, target):
                        return [0, 1]
                ```""");
        assertFalse(wrong.correct());
        assertEquals("test 2/3: returned [0, 1], expected '[1, 2]'", wrong.reason());
    }

    @Test
    void functionalTestsWorkWithPlainFunctionsToo() {
        Task task = new Task("f", "livecodebench", "livecodebench", "p", "", AnswerFormat.CODE,
                CodeTests.functionCall("", "double",
                        List.of(new TestCase("21", "42"), new TestCase("\"ab\"", "\"abab\""))));
        assertTrue(grade(task, "```python\ndef double(x):\n    return x * 2\n```").correct());
        Grade missing = grade(task, "```python\ndef triple(x):\n    return x * 3\n```");
        assertTrue(missing.reason().startsWith("test 1/2: exit 1: KeyError: 'double'"), missing.reason());
    }

    @Test
    void gradesCarryTheExtractedCode() {
        Grade grade = grade(ADD, "```python\n    return a + b\n```");
        assertEquals("    return a + b\n", grade.extracted());
        assertNull(grade(ADD, "").extracted());
    }
}
