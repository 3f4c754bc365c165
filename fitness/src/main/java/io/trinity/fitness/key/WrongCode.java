package io.trinity.fitness.key;

import io.trinity.fitness.code.BrokenVariants;
import io.trinity.fitness.grade.CodeGradeCache;
import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.grade.Grade;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.task.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The wrong answers an answer key offers a simulated model for a code task: {@link BrokenVariants} of the
 * reference solution. Checked, each is run against the task's tests in the sandbox and only those that fail by
 * themselves are kept: a variant that fails only by running into a limit (an off-by-one that never ends its loop)
 * is left out, as every grade of it would cost a whole time limit of sandbox time. Where no variant is kept, the
 * fallback is (and, should it pass too, nothing, so the simulator falls back to its own plainly broken reply).
 * Unchecked (no sandbox where the key is written), the first variants are offered as they are, so a variant the
 * tests do not catch would be graded right.
 */
public final class WrongCode {

    /** How many wrong answers a key offers per task: enough that two models' slips need not be the same. */
    public static final int KEPT = 2;

    /** How {@code CodeGrader} reports a run stopped by a limit (see {@code Execution.failureSummary}). */
    private static final List<String> LIMIT_REASONS = List.of("timed out after", "exceeded the CPU-time limit",
            "exceeded the output/file-size limit", "killed (SIGKILL)");

    /**
     * The limits to check variants under: the job's, but at most {@code 2 s} of CPU time, so a variant that loops
     * costs little to find out. The wall limit stays the job's: on a busy machine a quick run can take long.
     */
    public static Limits checkingLimits(Limits limits) {
        return limits.withCpuTime(min(limits.cpuTime(), Duration.ofSeconds(2)));
    }

    private WrongCode() {
    }

    /**
     * The first {@link #KEPT} variants that fail the task's tests in the sandbox behind {@code grades} by
     * themselves, in variant order; see {@link #checkingLimits} for the limits that sandbox should have.
     */
    public static List<String> checked(Task task, CodeGradeCache grades, CodeTally tally) {
        List<String> failing = new ArrayList<>(KEPT);
        for (String variant : BrokenVariants.of(task.gold())) {
            if (failing.size() == KEPT) {
                break;
            }
            if (fails(task, variant, grades, tally)) {
                failing.add(variant);
            }
        }
        if (failing.isEmpty()) {
            String fallback = fallback(task);
            if (fails(task, fallback, grades, tally)) {
                failing.add(fallback);
            }
        }
        return List.copyOf(failing);
    }

    /** The reply a simulated Worker gives with {@code code}: the form its grade is cached under. */
    public static String reply(String code) {
        return "```python\n" + code.stripTrailing() + "\n```";
    }

    private static boolean fails(Task task, String code, CodeGradeCache grades, CodeTally tally) {
        Grade grade = grades.grade(task, reply(code), tally);
        // A sandbox fault says nothing about the variant: it is not offered as a known wrong answer.
        return !grade.correct() && grade.extracted() != null
                && LIMIT_REASONS.stream().noneMatch(grade.reason()::contains);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String fallback(Task task) {
        return BrokenVariants.fallback(task.gold(), task.codeTests() == null ? "" : task.codeTests().functionName());
    }
}
