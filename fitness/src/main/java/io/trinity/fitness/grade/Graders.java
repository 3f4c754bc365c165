package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;

/** Picks the grader for a task's answer format. */
public final class Graders {

    private static final Grader NUMERIC = new NumericGrader();
    private static final Grader CHOICE = new ChoiceGrader();
    private static final Grader MATH = new MathGrader();

    private Graders() {
    }

    /**
     * NUMBER: exact numeric comparison; CHOICE: option letter; MATH: equivalence of LaTeX answers (numbers,
     * expressions, tuples, intervals, sets, matrices, equations); CODE: the task's tests run in the JVM's shared
     * sandbox.
     */
    public static Grader forTask(Task task) {
        return switch (task.format()) {
            case NUMBER -> NUMERIC;
            case CHOICE -> CHOICE;
            case MATH -> MATH;
            case CODE -> CodeGrader.shared();
        };
    }
}
