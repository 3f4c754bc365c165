package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every gold answer of the bundled demo set is graded right when given back, and near misses wrong. */
class DemoGoldTest {

    private static final List<Task> DEMO = DemoTasks.load();

    private static List<Task> of(String category) {
        List<Task> tasks = DEMO.stream().filter(t -> t.category().equals(category)).toList();
        assertEquals(240, tasks.size());
        return tasks;
    }

    @Test
    void gsm8kGoldSolutionsGradeCorrect() throws IOException {
        List<Task> tasks = of("gsm8k");
        List<String> solutions = gsm8kSolutions();
        assertEquals(tasks.size(), solutions.size());
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            Grade grade = Graders.forTask(task).grade(task, solutions.get(i));
            assertTrue(grade.correct(), task.id() + ": " + grade);
        }
    }

    @Test
    void mathGoldsAreNumbersGradedCorrectBoxedAndWrongWhenOffByOne() {
        for (Task task : of("math")) {
            Rational gold = NumericAnswer.parse(task.gold()).orElseThrow(() -> new AssertionError(task.id()));
            Grader grader = Graders.forTask(task);
            assertTrue(grader.grade(task, "Thus $\\boxed{" + task.gold() + "}$.").correct(), task.id());
            BigInteger p = gold.numerator();
            BigInteger q = gold.denominator();
            for (BigInteger off : List.of(q, q.negate())) {
                String nearMiss = "\\boxed{\\frac{" + p.add(off) + "}{" + q + "}}";
                assertFalse(grader.grade(task, nearMiss).correct(), task.id() + " " + nearMiss);
            }
        }
    }

    @Test
    void mmluGoldLettersGradeCorrectAndOthersWrong() {
        for (Task task : of("mmlu")) {
            Grader grader = Graders.forTask(task);
            for (String letter : List.of("A", "B", "C", "D")) {
                assertEquals(letter.equals(task.gold()), grader.grade(task, "Answer: " + letter).correct(), task.id());
            }
        }
    }

    /** The tasks keep only the final number; the worked solutions are in the bundled file, one per line. */
    private static List<String> gsm8kSolutions() throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<String> solutions = new ArrayList<>();
        try (InputStream in = DemoTasks.class.getResourceAsStream("gsm8k.jsonl");
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                solutions.add(mapper.readTree(line).get("answer").textValue());
            }
        }
        return solutions;
    }
}
