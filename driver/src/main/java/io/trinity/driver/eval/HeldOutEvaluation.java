package io.trinity.driver.eval;

import io.trinity.driver.spark.EvaluationRound;
import io.trinity.driver.spark.PolicySpec;
import io.trinity.driver.spark.RoundResult;
import io.trinity.fitness.task.Task;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.Sampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Scores a trained head against every single pool model and the per-question oracle on held-out tasks. */
public final class HeldOutEvaluation {

  /** The comparison, and the coordinator's own episodes in the held-out tasks' order. */
  public record Result(EvalReport report, List<EpisodeResult> coordinatorEpisodes) {}

  private HeldOutEvaluation() {}

  /**
   * Plays the coordinator of {@code candidate} and every pool model alone (one Worker turn, the coordinator's
   * sampling settings) on the held-out tasks, all drawing the held-out samples.
   */
  public static Result run(EvaluationRound round, Task[] tasks, int[] heldOut, CoordinatorSpec coordinator,
      float[] candidate) {
    if (heldOut.length == 0) {
      throw new IllegalArgumentException("no held-out tasks: set tasks.held_out_fraction above 0");
    }
    List<String> models = coordinator.modelList();
    List<PolicySpec> policies = new ArrayList<>();
    policies.add(new PolicySpec.Candidate(coordinator, candidate));
    for (int m = 0; m < models.size(); m++) {
      policies.add(new PolicySpec.SingleModel(m, coordinator.prompts(), coordinator.settings().withMaxTurns(1)));
    }
    RoundResult played = round.play(Sampling.heldOut(), policies, heldOut);

    Map<String, PolicyScore> singleScores = new LinkedHashMap<>();
    String best = null;
    for (int m = 0; m < models.size(); m++) {
      PolicyScore score = score(played.of(m + 1), tasks, heldOut);
      singleScores.put(models.get(m), score);
      if (best == null || score.accuracy() > singleScores.get(best).accuracy()) {
        best = models.get(m);
      }
    }
    // The oracle keeps, per question, the first single model's episode with the best reward.
    List<EpisodeResult> oracle = new ArrayList<>(heldOut.length);
    for (int t = 0; t < heldOut.length; t++) {
      EpisodeResult kept = null;
      for (int m = 0; m < models.size(); m++) {
        EpisodeResult next = played.of(m + 1).get(t);
        if (kept == null || next.reward() > kept.reward()) {
          kept = next;
        }
      }
      oracle.add(kept);
    }
    EvalReport report = new EvalReport(score(played.of(0), tasks, heldOut), singleScores,
        score(oracle, tasks, heldOut), best);
    return new Result(report, played.of(0));
  }

  private static PolicyScore score(List<EpisodeResult> episodes, Task[] tasks, int[] taskIndices) {
    Map<String, double[]> byCategory = new TreeMap<>();
    double correct = 0;
    double turns = 0;
    double cost = 0;
    for (int i = 0; i < episodes.size(); i++) {
      EpisodeResult episode = episodes.get(i);
      double reward = episode.reward();
      correct += reward;
      turns += episode.turns();
      cost += episode.cost();
      double[] tally = byCategory.computeIfAbsent(tasks[taskIndices[i]].category(), c -> new double[2]);
      tally[0] += reward;
      tally[1]++;
    }
    Map<String, Double> accuracy = new LinkedHashMap<>();
    byCategory.forEach((category, tally) -> accuracy.put(category, tally[0] / tally[1]));
    int n = episodes.size();
    return new PolicyScore(correct / n, n, accuracy, turns / n, cost);
  }
}
