package io.trinity.fitness.task;

import java.util.List;

/**
 * The tasks read from one task file.
 *
 * @param tasks   the tasks, in file order
 * @param skipped one error per bad row that was left out (each names file and line); empty unless bad rows are
 *                skipped
 */
public record LoadedTasks(List<Task> tasks, List<TaskFormatException> skipped) {

    public LoadedTasks {
        tasks = List.copyOf(tasks);
        skipped = List.copyOf(skipped);
    }
}
