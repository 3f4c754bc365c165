package io.trinity.driver.spark;

import io.trinity.workers.episode.EpisodeResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results of a round: one episode per (policy, task), policies in the plan's order and tasks in the order they
 * were given, and how many Spark tasks played them, of which how many succeeded only on a retry (their episodes
 * were played again, and only the retry's results are here), and where each Spark task's successful attempt ran.
 */
public final class RoundResult {
  private final int[] tasks;
  private final EpisodeResult[][] results;
  private final int sparkTasks;
  private final long retriedSparkTasks;
  private final long episodesPlayedAgain;
  private final List<TaskDevice> devices;
  private final CodeGrading codeGrading;
  private final ScoreSums scores;

  RoundResult(int[] tasks, EpisodeResult[][] results, int sparkTasks, long retriedSparkTasks,
      long episodesPlayedAgain, List<TaskDevice> devices, CodeGrading codeGrading, ScoreSums scores) {
    this.tasks = tasks.clone();
    this.results = results;
    this.sparkTasks = sparkTasks;
    this.retriedSparkTasks = retriedSparkTasks;
    this.episodesPlayedAgain = episodesPlayedAgain;
    // Spark applies a result task's accumulator updates once; keyed by partition all the same, so that a
    // duplicate could never show one Spark task twice.
    Map<Integer, TaskDevice> byTask = new TreeMap<>();
    devices.forEach(device -> byTask.putIfAbsent(device.sparkTask(), device));
    this.devices = List.copyOf(byTask.values());
    this.codeGrading = codeGrading;
    this.scores = scores;
  }

  /** The score-function sums of the round's {@link PolicySpec.Stochastic} episodes; null where it had none. */
  public ScoreSums scores() {
    return scores;
  }

  /**
   * How many episodes the round played again because an upstream was unavailable (counted once per replay): their
   * earlier calls were answered again, from the response cache where the pool has one.
   */
  public long episodesPlayedAgain() {
    return episodesPlayedAgain;
  }

  /** What grading the round's code answers took, over all executors. */
  public CodeGrading codeGrading() {
    return codeGrading;
  }

  /** The Spark tasks the round's episodes were split into. */
  public int sparkTasks() {
    return sparkTasks;
  }

  /** The Spark tasks whose successful attempt was a retry, e.g. after their executor was lost. */
  public long retriedSparkTasks() {
    return retriedSparkTasks;
  }

  /** Where each Spark task ran and which GPU addresses Spark gave it, in the order of the tasks. */
  public List<TaskDevice> devices() {
    return devices;
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
