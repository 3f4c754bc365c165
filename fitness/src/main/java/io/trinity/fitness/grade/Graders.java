package io.trinity.fitness.grade;

import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Picks the grader for a task's answer format. Code is graded in a sandbox built from one {@link SandboxSettings}:
 * one sandbox per JVM and settings, built (with its trial run) when the first code task is graded, so a job
 * without code tasks never needs one; its grades are kept in one {@link CodeGradeCache} per JVM and settings, so
 * an answer graded once is not run again. Thread-safe.
 */
public final class Graders implements GraderLookup {

    private static final Grader NUMERIC = new NumericGrader();
    private static final Grader CHOICE = new ChoiceGrader();
    private static final Grader MATH = new MathGrader();
    private static final ConcurrentMap<SandboxSettings, Graders> BY_SETTINGS = new ConcurrentHashMap<>();

    private final SandboxSettings settings;
    private CodeGradeCache code;

    private Graders(SandboxSettings settings) {
        this.settings = settings;
    }

    /** The graders whose code grader uses a sandbox of these settings; the same instance for equal settings. */
    public static Graders of(SandboxSettings settings) {
        return BY_SETTINGS.computeIfAbsent(settings, Graders::new);
    }

    /** The grader for a task with the default sandbox settings (bubblewrap required for code). */
    public static Grader forTask(Task task) {
        return of(SandboxSettings.DEFAULT).grader(task);
    }

    /**
     * NUMBER: exact numeric comparison; CHOICE: option letter; MATH: equivalence of LaTeX answers (numbers,
     * expressions, tuples, intervals, sets, matrices, equations); CODE: the task's tests run in the sandbox.
     *
     * @throws io.trinity.fitness.sandbox.SandboxException for a code task where the sandbox cannot be built
     */
    @Override
    public Grader grader(Task task) {
        return switch (task.format()) {
            case NUMBER -> NUMERIC;
            case CHOICE -> CHOICE;
            case MATH -> MATH;
            case CODE -> (t, response) -> codeGrades().grade(t, response, CodeTally.IGNORED);
        };
    }

    /** The same graders, counting the code runs, cache hits and sandbox failures of their grades in {@code tally}. */
    public GraderLookup counting(CodeTally tally) {
        return task -> task.format() == AnswerFormat.CODE
                ? (t, response) -> codeGrades().grade(t, response, tally)
                : grader(task);
    }

    /**
     * Builds the sandbox now unless it was built before, so that a job with code tasks refuses at its start, not
     * at its first code answer.
     *
     * @throws io.trinity.fitness.sandbox.SandboxException where it cannot be built, saying how to fix that
     */
    public Sandbox sandbox() {
        return codeGrades().grader().sandbox();
    }

    /**
     * The grade cache of code answers, building the sandbox first if it was not built yet. A failed build is not
     * kept: the next code task tries again (and fails the same way, or finds it fixed).
     */
    public synchronized CodeGradeCache codeGrades() {
        if (code == null) {
            code = new CodeGradeCache(new CodeGrader(settings.build()), CodeGradeCache.DEFAULT_CAPACITY);
        }
        return code;
    }
}
