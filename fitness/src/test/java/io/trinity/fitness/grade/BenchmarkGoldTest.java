package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import io.trinity.fitness.testing.SharedDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gold answers of the full GSM8K, AIME 2024 and MMLU sample files grade right as replies, and changed ones wrong. */
class BenchmarkGoldTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Grade grade(Task task, String reply) {
        return Graders.forTask(task).grade(task, reply);
    }

    @Test
    void everyGsm8kGoldSolutionTextGradesRight() throws IOException {
        List<Task> tasks = SharedDatasets.load("gsm8k/test.jsonl", Benchmark.GSM8K);
        List<String> lines = Files.readAllLines(SharedDatasets.file("gsm8k/test.jsonl"));
        assertEquals(1319, tasks.size());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            String solution = JSON.readTree(lines.get(i)).get("answer").textValue();
            Grade grade = grade(task, solution);
            if (!grade.correct()) {
                failures.add(task.id() + ": " + grade);
            }
            // The same worked solution with another final line must not pass on its intermediate numbers.
            String changed = solution.substring(0, solution.lastIndexOf("####")) + "#### " + task.gold() + "1";
            if (grade(task, changed).correct()) {
                failures.add(task.id() + " accepted a changed final answer");
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void gsm8kSolutionsEndingTheWayModelsEndThemGradeRightAndWithAnotherNumberWrong() throws IOException {
        List<Task> tasks = SharedDatasets.load("gsm8k/test.jsonl", Benchmark.GSM8K);
        List<String> lines = Files.readAllLines(SharedDatasets.file("gsm8k/test.jsonl"));
        List<String> endings = List.of("The answer is %s.", "**Final Answer:** %s", "Therefore, the answer is "
                + "$\\boxed{%s}$.", "Final answer: \\(\\boxed{%s}\\)", "So the final answer is %s dollars.",
                "%s");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            String solution = JSON.readTree(lines.get(i)).get("answer").textValue();
            // Models write the reasoning without GSM8K's calculator annotations and end in their own words.
            String reasoning = solution.substring(0, solution.lastIndexOf("####")).replaceAll("<<[^>]*>>", "");
            String stated = solution.substring(solution.lastIndexOf("####") + 4).strip();
            String other = new java.math.BigDecimal(task.gold()).add(java.math.BigDecimal.ONE).toPlainString();
            for (String ending : endings) {
                checked += 2;
                if (!grade(task, reasoning + String.format(ending, stated)).correct()) {
                    failures.add(task.id() + " rejected ending " + String.format(ending, stated));
                }
                if (grade(task, reasoning + String.format(ending, other)).correct()) {
                    failures.add(task.id() + " accepted ending " + String.format(ending, other));
                }
            }
        }
        System.out.println("GSM8K solutions with model-style endings graded as expected: "
                + (checked - failures.size()) + "/" + checked);
        assertEquals(List.of(), failures);
    }

    @Test
    void everyAimeGoldGradesRightPaddedOrNotAndNeighboursWrong() {
        List<Task> tasks = SharedDatasets.load("aime2024/test.jsonl", Benchmark.AIME);
        assertEquals(30, tasks.size());
        List<String> failures = new ArrayList<>();
        for (Task task : tasks) {
            int gold = Integer.parseInt(task.gold());
            for (String reply : List.of("\\boxed{" + gold + "}", "\\boxed{" + String.format("%03d", gold) + "}",
                    "The answer is $" + gold + "$.")) {
                if (!grade(task, reply).correct()) {
                    failures.add(task.id() + " rejected " + reply);
                }
            }
            if (grade(task, "\\boxed{" + (gold + 1) + "}").correct()) {
                failures.add(task.id() + " accepted " + (gold + 1));
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyAimeSolutionTextGradesRight() throws IOException {
        List<Task> tasks = SharedDatasets.load("aime2024/test.jsonl", Benchmark.AIME);
        List<String> lines = Files.readAllLines(SharedDatasets.file("aime2024/test.jsonl"));
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            // Art of Problem Solving wiki text: \boxed{\textbf{(113) }}, signatures and links after the answer.
            Grade grade = grade(tasks.get(i), JSON.readTree(lines.get(i)).get("solution").textValue());
            if (!grade.correct()) {
                failures.add(tasks.get(i).id() + ": " + grade);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyMmluGoldLetterGradesRightAndEveryOtherLetterWrong() {
        List<Task> tasks = SharedDatasets.load("mmlu/test_sample.jsonl", Benchmark.MMLU);
        assertEquals(667, tasks.size());
        List<String> failures = new ArrayList<>();
        for (Task task : tasks) {
            for (String letter : List.of("A", "B", "C", "D")) {
                boolean expected = letter.equals(task.gold());
                for (String reply : List.of("Answer: " + letter, "The correct option is (" + letter + ").",
                        "**" + letter + "**")) {
                    if (grade(task, reply).correct() != expected) {
                        failures.add(task.id() + " graded '" + reply + "' " + !expected);
                    }
                }
            }
        }
        assertEquals(List.of(), failures);
    }
}
