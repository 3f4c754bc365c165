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
 * A verdict recorded elsewhere under the variant's exact verdict hash ({@link WrongCodeChecks}, shipped for the
 * demo set) is taken instead of a run. Without a sandbox where the key is written, none is offered
 * ({@link AnswerKey#write(List, java.io.OutputStream)}).
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
        return checked(task, grades, tally, WrongCodeChecks.none());
    }

    /**
     * As {@link #checked(Task, CodeGradeCache, CodeTally)}, with a variant's verdict taken from {@code recorded}
     * where it holds one under the variant's exact verdict hash for this task and {@code grades}' sandbox.
     */
    public static List<String> checked(Task task, CodeGradeCache grades, CodeTally tally,
            WrongCodeChecks recorded) {
        return checks(task, grades, tally, recorded).stream().filter(Check::fails).map(Check::program).toList();
    }

    /**
     * One variant a check looked at.
     *
     * @param variant its index in {@link BrokenVariants#of}, or {@code "fallback"}
     * @param program the variant's source
     * @param sha256  its verdict hash (null when it holds no program to run)
     * @param fails   whether it fails the tests by itself
     */
    public record Check(String variant, String program, String sha256, boolean fails) {
    }

    /**
     * Every variant {@link #checked(Task, CodeGradeCache, CodeTally, WrongCodeChecks)} looks at, in order, with
     * its verdict: what a record of the checks must hold to answer them all.
     */
    public static List<Check> checks(Task task, CodeGradeCache grades, CodeTally tally, WrongCodeChecks recorded) {
        List<Check> checks = new ArrayList<>();
        int failing = 0;
        List<String> variants = BrokenVariants.of(task.gold());
        for (int i = 0; i < variants.size() && failing < KEPT; i++) {
            Check check = check(task, String.valueOf(i), variants.get(i), grades, tally, recorded);
            checks.add(check);
            failing += check.fails() ? 1 : 0;
        }
        if (failing == 0) {
            checks.add(check(task, "fallback", fallback(task), grades, tally, recorded));
        }
        return List.copyOf(checks);
    }

    private static Check check(Task task, String variant, String program, CodeGradeCache grades, CodeTally tally,
            WrongCodeChecks recorded) {
        String sha256 = grades.verdictHash(task, reply(program));
        Boolean known = recorded.verdict(task.id(), sha256);
        boolean fails = known != null ? known : fails(task, program, grades, tally);
        return new Check(variant, program, sha256, fails);
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
