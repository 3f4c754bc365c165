package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;

/** Decides whether a free-form reply answers a task correctly. Implementations are stateless and thread-safe. */
public interface Grader {

    Grade grade(Task task, String response);
}
