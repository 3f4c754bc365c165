package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BenchmarkTest {

    private static List<Task> load(Benchmark benchmark, String jsonl) {
        return benchmark.load(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "src.jsonl");
    }

    @ParameterizedTest
    @CsvSource({"gsm8k,GSM8K", "GSM8K,GSM8K", "math,MATH", "Math500,MATH", "aime,AIME", "MMLU,MMLU",
            "HumanEval,HUMANEVAL", "mbpp,MBPP",
            "GPQA,GPQA", "custom,CUSTOM"})
    void fromNameIsCaseInsensitiveAndAcceptsMath500(String name, Benchmark expected) {
        assertEquals(expected, Benchmark.fromName(name));
    }

    @Test
    void fromNameListsTheValidNames() {
        var e = assertThrows(IllegalArgumentException.class, () -> Benchmark.fromName("gsm9k"));
        assertTrue(e.getMessage().contains("'gsm9k'"), e.getMessage());
        for (Benchmark benchmark : Benchmark.values()) {
            assertTrue(e.getMessage().contains(benchmark.wireName()), e.getMessage());
        }
    }

    @Test
    void gsm8kTakesTheFinalLineWithoutThousandsSeparatorsAndSkipsBlankLines() {
        List<Task> tasks = load(Benchmark.GSM8K, """
                {"question": "How many?", "answer": "2,000 + 125 = <<2000+125=2125>>2,125\\n#### 2,125"}

                {"question": "How cold?", "answer": "It drops.\\n#### -10"}
                """);
        assertEquals(List.of(
                new Task("gsm8k/1", "gsm8k", "gsm8k", "How many?", "2125", AnswerFormat.NUMBER),
                new Task("gsm8k/3", "gsm8k", "gsm8k", "How cold?", "-10", AnswerFormat.NUMBER)), tasks);
    }

    @Test
    void mathKeepsTheLatexAnswer() {
        Task task = load(Benchmark.MATH, """
                {"problem": "Compute $x$.", "solution": "So $\\\\boxed{\\\\frac{14}{3}}$.", \
                "answer": "\\\\frac{14}{3}", "subject": "Algebra", "level": 3}
                """).get(0);
        assertEquals(new Task("math/1", "math", "math", "Compute $x$.", "\\frac{14}{3}", AnswerFormat.MATH), task);
    }

    @Test
    void aimeUsesItsOwnIdAndDropsZeroPadding() {
        Task task = load(Benchmark.AIME, """
                {"id": 60, "problem": "Find m+n.", "solution": "...", "answer": "025", "url": "https://x"}
                """).get(0);
        assertEquals(new Task("aime/60", "aime", "aime", "Find m+n.", "25", AnswerFormat.NUMBER), task);
    }

    @Test
    void mmluPromptListsTheLetteredChoicesAndGoldIsTheLetter() {
        Task task = load(Benchmark.MMLU, """
                {"question": "Which is prime?", "subject": "math", "choices": ["4", "6", "7", "9"], "answer": 2}
                """).get(0);
        assertEquals("Which is prime?\nA. 4\nB. 6\nC. 7\nD. 9", task.prompt());
        assertEquals("C", task.gold());
        assertEquals(AnswerFormat.CHOICE, task.format());
        assertEquals("mmlu/1", task.id());
    }

    @Test
    void mbppPromptShowsTheFirstAssertAsAnExample() {
        Task task = load(Benchmark.MBPP, """
                {"prompt": "Write a function to add.", "code": "def add(a, b):\\n    return a + b", \
                "test_imports": [], "test_list": ["assert add(1, 2) == 3", "assert add(0, 0) == 0"]}
                """).get(0);
        assertEquals("Write a function to add.\nYour code should pass this test:\nassert add(1, 2) == 3",
                task.prompt());
        assertEquals("def add(a, b):\n    return a + b", task.gold());
        assertEquals(new Task("mbpp/1", "mbpp", "mbpp", task.prompt(), task.gold(), AnswerFormat.CODE,
                CodeTests.asserts("", "assert add(1, 2) == 3\nassert add(0, 0) == 0", "add")), task);
    }

    @Test
    void humanEvalIsReadFromGzip() throws IOException {
        String jsonl = """
                {"task_id": "HumanEval/0", "prompt": "def f():\\n", "entry_point": "f", \
                "canonical_solution": "    return 1\\n", "test": "def check(c):\\n    assert c() == 1\\n"}
                {"task_id": "HumanEval/1", "prompt": "def g():\\n", "entry_point": "g", \
                "canonical_solution": "    return 2\\n", "test": "def check(c):\\n    assert c() == 2\\n"}
                """;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(jsonl.getBytes(StandardCharsets.UTF_8));
        }
        List<Task> tasks = Benchmark.HUMANEVAL.load(new ByteArrayInputStream(bytes.toByteArray()), "he.jsonl.gz");
        assertEquals(List.of(
                new Task("HumanEval/0", "humaneval", "humaneval", "def f():\n", "    return 1\n", AnswerFormat.CODE,
                        CodeTests.asserts("def f():\n", "def check(c):\n    assert c() == 1\n\n\ncheck(f)\n", "f")),
                new Task("HumanEval/1", "humaneval", "humaneval", "def g():\n", "    return 2\n", AnswerFormat.CODE,
                        CodeTests.asserts("def g():\n", "def check(c):\n    assert c() == 2\n\n\ncheck(g)\n", "g"))),
                tasks);
    }

    @Test
    void badJsonNamesSourceAndLine() {
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.GSM8K, """
                {"question": "q", "answer": "#### 1"}
                {"question": "q", "answer": "#### 1"
                """));
        assertTrue(e.getMessage().startsWith("src.jsonl:2: "), e.getMessage());
        assertTrue(e.getMessage().contains("JSON"), e.getMessage());
    }

    @Test
    void aLineThatIsNotAnObjectIsRejected() {
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.GSM8K, "[1, 2]\n"));
        assertEquals("src.jsonl:1: expected one JSON object per line, found array", e.getMessage());
    }

    @Test
    void missingFieldNamesSourceLineAndField() {
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.MATH, """
                {"problem": "p", "answer": "1"}

                {"problem": "p", "solution": "s"}
                """));
        assertEquals("src.jsonl:3: field 'answer': expected a string, it is missing", e.getMessage());
    }

    @Test
    void illTypedFieldNamesWhatWasFound() {
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.MMLU, """
                {"question": "q", "subject": "s", "choices": ["a", "b", "c", "d"], "answer": "B"}
                """));
        assertEquals("src.jsonl:1: field 'answer': expected an integer, found \"B\"", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            MMLU  | {"question": "q", "choices": ["a", "b", "c"], "answer": 0} | field 'choices': expected an array of exactly 4 strings
            MMLU  | {"question": "q", "choices": ["a", "b", "c", "d"], "answer": 4} | field 'answer': expected an integer from 0 to 3
            MMLU  | {"question": "q", "choices": ["a", 2, "c", "d"], "answer": 0} | field 'choices': expected an array of strings
            GSM8K | {"question": "q", "answer": "no final line"} | field 'answer': expected a solution ending with a line '#### <number>'
            AIME  | {"id": 1, "problem": "p", "answer": "2.5"} | field 'answer': expected a non-negative integer string
            AIME  | {"id": "x", "problem": "p", "answer": "2"} | field 'id': expected an integer
            MATH  | {"problem": "p", "answer": " "} | field 'answer': expected a non-empty string
            MBPP  | {"prompt": "p", "code": "c", "test_list": []} | field 'test_list': expected at least one assert
            """)
    void schemaViolationsAreExplained(Benchmark benchmark, String line, String expected) {
        var e = assertThrows(TaskFormatException.class, () -> load(benchmark, line + "\n"));
        assertTrue(e.getMessage().startsWith("src.jsonl:1: " + expected), e.getMessage());
    }

    @Test
    void unreadableInputIsAnIoError() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        var e = assertThrows(java.io.UncheckedIOException.class, () -> Benchmark.GSM8K.load(broken, "gone.jsonl"));
        assertTrue(e.getMessage().contains("gone.jsonl"), e.getMessage());
    }
}
