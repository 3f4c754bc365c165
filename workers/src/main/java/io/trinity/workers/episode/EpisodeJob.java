package io.trinity.workers.episode;

import io.trinity.fitness.task.Task;

/**
 * One episode to play: a task, the policy that steers it, its own turn budget, and the sample index that, with
 * the task and the decisions so far, seeds every call (common random numbers across candidates).
 */
public record EpisodeJob(Task task, Policy policy, int maxTurns, int sampleIndex) {}
