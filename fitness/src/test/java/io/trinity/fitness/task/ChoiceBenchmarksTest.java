package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** GPQA-style rows and the generic schema for users' own tasks. */
class ChoiceBenchmarksTest {

    private static List<Task> load(Benchmark benchmark, String jsonl) {
        return benchmark.load(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), "src.jsonl");
    }

    private static String gpqaRow(int i) {
        return "{\"Record ID\": \"rec" + i + "\", \"Question\": \"Which value is right in case " + i + "?\", "
                + "\"Correct Answer\": \"right " + i + "\", \"Incorrect Answer 1\": \"wrong a\", "
                + "\"Incorrect Answer 2\": \"wrong b\", \"Incorrect Answer 3\": \"wrong c\"}\n";
    }

    @Test
    void gpqaShufflesOptionsBySeedSoTheGoldLetterVariesButIsStable() {
        StringBuilder file = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            file.append(gpqaRow(i));
        }
        List<Task> tasks = load(Benchmark.GPQA, file.toString());
        Set<String> letters = new HashSet<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            assertEquals("gpqa/rec" + i, task.id());
            assertEquals(AnswerFormat.CHOICE, task.format());
            assertTrue(task.prompt().contains("\n" + task.gold() + ". right " + i + "\n")
                    || task.prompt().endsWith("\n" + task.gold() + ". right " + i), task.prompt());
            for (String label : List.of("\nA. ", "\nB. ", "\nC. ", "\nD. ")) {
                assertTrue(task.prompt().contains(label), task.prompt());
            }
            letters.add(task.gold());
        }
        assertEquals(Set.of("A", "B", "C", "D"), letters);
        assertEquals(tasks, load(Benchmark.GPQA, file.toString()));
    }

    @Test
    void gpqaNeedsAllFourOptions() {
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.GPQA,
                gpqaRow(1).replace("\"Incorrect Answer 3\"", "\"Incorrect answer 3\"")));
        assertTrue(e.getMessage().startsWith("src.jsonl:1: field 'Incorrect Answer 3': expected a string, it is"
                + " missing"), e.getMessage());
    }

    @Test
    void customRowsInEveryFormat() {
        List<Task> tasks = load(Benchmark.CUSTOM, """
                {"prompt": "2+2?", "answer": 4, "format": "number"}
                {"id": "geo-7", "category": "geometry", "prompt": "Area?", "answer": "\\\\frac{\\\\pi}{4}"}
                {"id": 12, "prompt": "Pick one.", "choices": ["red", "green", "blue"], "answer": "C"}
                {"prompt": "Pick again.", "choices": ["x", "y"], "answer": 1, "format": "choice"}
                """);
        assertEquals(List.of(
                new Task("custom/1", "custom", "custom", "2+2?", "4", AnswerFormat.NUMBER),
                new Task("geo-7", "custom", "geometry", "Area?", "\\frac{\\pi}{4}", AnswerFormat.MATH),
                new Task("12", "custom", "custom", "Pick one.\nA. red\nB. green\nC. blue", "C", AnswerFormat.CHOICE),
                new Task("custom/4", "custom", "custom", "Pick again.\nA. x\nB. y", "B", AnswerFormat.CHOICE)),
                tasks);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"prompt": "q", "answer": "1", "promt": "x"}                       | unknown field 'promt'; expected only answer, category, choices, format, id, prompt
            {"answer": "1"}                                                    | field 'prompt': expected a string, it is missing
            {"prompt": "q", "answer": "many", "format": "number"}              | field 'answer': expected a number (such as 42, -3.5, 1,250 or 3/4) for format "number"
            {"prompt": "q", "answer": "1", "format": "text"}                   | field 'format': expected "math", "number" or "choice"
            {"prompt": "q", "answer": "1", "format": "code"}                   | field 'format': expected "math", "number" or "choice" (code tasks need
            {"prompt": "q", "choices": ["a", "b"], "answer": "C"}              | field 'answer': expected the correct option's letter (A-B) or its 0-based index (0-1)
            {"prompt": "q", "choices": ["a"], "answer": "A"}                   | field 'choices': expected an array of 2 to 10 strings
            {"prompt": "q", "choices": ["a", "b"], "answer": "A", "format": "math"} | field 'choices': expected no choices unless the format is "choice"
            {"prompt": "q", "answer": " "}                                     | field 'answer': expected a non-empty answer
            """)
    void customRowErrorsNameLineFieldAndExpectation(String row, String message) {
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.CUSTOM, row));
        assertTrue(e.getMessage().startsWith("src.jsonl:1: " + message), e.getMessage());
    }
}
