package io.trinity.driver.spark;

import io.trinity.workers.episode.EpisodeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The results of a round: one episode per (policy, task), policies in the plan's order and tasks in the order they
 * were given.
 */
public final class RoundResult {
  private final int[] tasks;
  private final EpisodeResult[][] results;

  RoundResult(int[] tasks, EpisodeResult[][] results) {
    this.tasks = tasks.clone();
    this.results = results;
  }

  public int policies() {
    return results.length;
  }

  /** The task indices, in the order of every policy's results. */
  public int[] tasks() {
    return tasks.clone();
  }

  /** Policy {@code policy}'s episodes, one per task: a read-only view, not a copy. */
  public List<EpisodeResult> of(int policy) {
    return Collections.unmodifiableList(Arrays.asList(results[policy]));
  }

  /** Every episode, policy by policy. */
  public List<EpisodeResult> all() {
    List<EpisodeResult> all = new ArrayList<>(results.length * tasks.length);
    for (EpisodeResult[] row : results) {
      all.addAll(Arrays.asList(row));
    }
    return all;
  }

  /** The mean reward of {@code policy} over the tasks. */
  public double meanReward(int policy) {
    return Arrays.stream(results[policy]).mapToDouble(EpisodeResult::reward).average().orElse(0);
  }
}
