package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;

/** Finds the grader for a task; {@link Graders} is the real one. */
@FunctionalInterface
public interface GraderLookup {

    Grader grader(Task task);
}
