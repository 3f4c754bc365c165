package io.trinity.workers.episode;

import io.trinity.fitness.task.Task;

/**
 * One episode to play: a task, the policy that steers it, its own turn budget, the sample index that, with the
 * task and the decisions so far, seeds every call (common random numbers across candidates), and the training
 * generation its calls are accounted to by the gateway ({@code null} outside training).
 */
public record EpisodeJob(Task task, Policy policy, int maxTurns, int sampleIndex, Integer generation) {

  public EpisodeJob(Task task, Policy policy, int maxTurns, int sampleIndex) {
    this(task, policy, maxTurns, sampleIndex, null);
  }
}
