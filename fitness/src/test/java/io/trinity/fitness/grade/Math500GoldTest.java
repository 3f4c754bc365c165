package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import io.trinity.fitness.testing.SharedDatasets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every MATH-500 gold answer grades right boxed and in equivalent rewritings, and wrong in near misses that a
 * careless grader would accept.
 */
class Math500GoldTest {

    private static final Pattern FRACTION = Pattern.compile("\\\\frac\\{(-?\\d+)}\\{(\\d+)}");
    private static final Pattern RADICAL = Pattern.compile("(\\d+)\\s*\\\\sqrt\\{(\\d+)}");
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern FIRST_INTEGER = Pattern.compile("\\d+");

    private static List<Task> tasks;

    @BeforeAll
    static void load() {
        tasks = SharedDatasets.load("math500/test.jsonl", Benchmark.MATH);
        assertEquals(500, tasks.size());
    }

    private static Grade grade(Task task, String reply) {
        return Graders.forTask(task).grade(task, reply);
    }

    @Test
    void everyGoldGradesRightBoxed() {
        List<String> failures = new ArrayList<>();
        for (Task task : tasks) {
            Grade grade = grade(task, "So the answer is $\\boxed{" + task.gold() + "}$.");
            if (!grade.correct()) {
                failures.add(task.id() + " " + grade);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyWorkedSolutionTextGradesRight() throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(SharedDatasets.file("math500/test.jsonl"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            String solution = json.readTree(lines.get(i)).get("solution").textValue();
            Grade grade = grade(tasks.get(i), solution);
            if (!grade.correct()) {
                failures.add(tasks.get(i).id() + " gold " + tasks.get(i).gold() + ": " + grade);
            }
            // Negative control: the solution of problem i answers problem i+1 only where both golds agree.
            Task next = tasks.get((i + 1) % tasks.size());
            if (grade(next, solution).correct() && !MathEquivalence.equivalent(tasks.get(i).gold(), next.gold())) {
                failures.add(next.id() + " accepted the solution of " + tasks.get(i).id());
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void everyGoldGradesRightInEquivalentRewritings() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Task task : tasks) {
            for (String rewriting : rewritings(task.gold())) {
                checked++;
                Grade grade = grade(task, "Thus the final answer is $\\boxed{" + rewriting + "}$.");
                if (!grade.correct()) {
                    failures.add(task.id() + " gold " + task.gold() + " rewritten " + rewriting + ": " + grade);
                }
            }
        }
        System.out.println("MATH-500 rewritings graded right: " + (checked - failures.size()) + "/" + checked);
        assertEquals(List.of(), failures);
        assertTrue(checked > 1500, "rewritings checked: " + checked);
    }

    @Test
    void nearMissesGradeWrong() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Task task : tasks) {
            for (String miss : nearMisses(task.gold())) {
                checked++;
                Grade grade = grade(task, "The answer is $\\boxed{" + miss + "}$.");
                if (grade.correct()) {
                    failures.add(task.id() + " gold " + task.gold() + " near miss " + miss + ": " + grade);
                }
            }
        }
        System.out.println("MATH-500 near misses graded wrong: " + (checked - failures.size()) + "/" + checked);
        assertEquals(List.of(), failures);
        assertTrue(checked > 1000, "near misses checked: " + checked);
    }

    /** Forms a careful grader must accept as the same answer. */
    static Set<String> rewritings(String gold) {
        Set<String> forms = new LinkedHashSet<>();
        forms.add(gold.replace(" ", ""));
        forms.add(gold.replace(",", ", ").replace("+", " + "));
        forms.add("\\displaystyle " + gold);
        if (gold.contains("\\frac")) {
            forms.add(gold.replace("\\frac", "\\dfrac"));
            forms.add(gold.replace("\\frac", "\\tfrac"));
            // In a mixed number (1\frac{4}{5}) the slash form needs the space: 1 4/5.
            forms.add(FRACTION.matcher(gold).replaceAll(" $1/$2").strip());
            if (!gold.matches(".*\\d\\s*\\\\frac.*")) {
                forms.add(FRACTION.matcher(gold).replaceAll("{$1}/{$2}"));
            }
        }
        if (gold.contains("\\dfrac")) {
            forms.add(gold.replace("\\dfrac", "\\frac"));
        }
        Matcher radical = RADICAL.matcher(gold);
        if (radical.find()) {
            long outside = Long.parseLong(radical.group(1));
            long inside = Long.parseLong(radical.group(2));
            forms.add(radical.replaceFirst("\\\\sqrt{" + outside * outside * inside + "}"));
            forms.add(gold.replace("\\sqrt{" + inside + "}", "\\sqrt" + inside).replace(radical.group(), outside
                    + " \\cdot \\sqrt{" + inside + "}"));
        }
        if (gold.contains("^\\circ")) {
            forms.add(gold.replace("^\\circ", ""));
            forms.add(gold.replace("^\\circ", "^{\\circ}"));
            forms.add(gold.replace("^\\circ", "\\text{ degrees}"));
        }
        if (gold.startsWith("\\text{")) {
            forms.add(Latex.unwrapText(gold));
            forms.add("\\textbf{" + Latex.unwrapText(gold) + "}");
        }
        if (gold.startsWith("(") || gold.startsWith("[")) {
            forms.add("\\left" + gold.charAt(0) + " " + gold.substring(1, gold.length() - 1) + " \\right"
                    + gold.charAt(gold.length() - 1));
        }
        Optional<Rational> number = NumericAnswer.parse(gold);
        if (number.isPresent()) {
            Rational value = number.get();
            forms.add(value.numerator() + (value.isInteger() ? "" : "/" + value.denominator()));
            if (value.isInteger()) {
                forms.add(value.numerator() + ".00");
                forms.add("\\text{" + value.numerator() + "}");
                forms.add("x = " + value.numerator());
            } else {
                forms.add("\\frac{" + value.numerator() + "}{" + value.denominator() + "}");
            }
        }
        if (INTEGER.matcher(gold).matches() && gold.length() > 3) {
            forms.add(String.format("%,d", Long.parseLong(gold)));
            forms.add(String.format("%,d", Long.parseLong(gold)).replace(",", ",\\!"));
        }
        return forms;
    }

    /** Forms that differ from the gold in value, order or bracket, and must grade wrong. */
    static Set<String> nearMisses(String gold) {
        Set<String> misses = new LinkedHashSet<>();
        Matcher firstInteger = FIRST_INTEGER.matcher(gold);
        if (firstInteger.find()) {
            long n = Long.parseLong(firstInteger.group());
            misses.add(gold.substring(0, firstInteger.start()) + (n + 1) + gold.substring(firstInteger.end()));
        }
        Optional<Rational> number = NumericAnswer.parse(gold);
        if (number.isPresent() && number.get().numerator().signum() != 0) {
            misses.add("-" + gold);
            misses.add("2(" + gold + ")");
            misses.add(number.get().numerator() + "/" + number.get().denominator().add(java.math.BigInteger.ONE));
        }
        if (gold.startsWith("(") && gold.endsWith(")") && gold.indexOf(',') > 0 && !gold.contains("\\cup")) {
            misses.add("[" + gold.substring(1));
            misses.add(gold.substring(1, gold.length() - 1));
        }
        if (gold.startsWith("\\text{") && !gold.contains("(")) {
            misses.add("\\text{" + new StringBuilder(Latex.unwrapText(gold)).reverse() + "}");
        }
        if (gold.contains("\\sqrt")) {
            misses.add(gold.replace("\\sqrt", ""));
        }
        if (gold.contains("\\pi")) {
            misses.add(gold.replace("\\pi", "3.14"));
        }
        if (gold.contains("\\pm")) {
            misses.add(gold.replace("\\pm", "+"));
        }
        misses.remove(gold);
        return misses;
    }
}
