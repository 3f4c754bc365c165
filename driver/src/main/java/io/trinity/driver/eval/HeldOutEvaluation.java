package io.trinity.driver.eval;

import io.trinity.driver.train.EpisodeEvaluator;
import io.trinity.driver.train.EpisodeOutcome;
import io.trinity.driver.train.EpisodeUnit;
import io.trinity.driver.train.EvaluationPlan;
import io.trinity.fitness.task.Task;
import io.trinity.workers.head.HeadShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Scores a trained head against every single pool model and the per-question oracle on held-out tasks. */
public final class HeldOutEvaluation {
  /** The generation number the evaluation round is keyed by, apart from every training generation. */
  public static final int ROUND = -1;
  /** Held-out questions get samples of their own, apart from every training generation's. */
  public static final int SAMPLE_INDEX = 2_000_000_000;

  private HeldOutEvaluation() {}

  public static EvalReport run(EpisodeEvaluator evaluator, Task[] tasks, int[] heldOut, HeadShape shape,
      float[] head, List<String> models) {
    if (heldOut.length == 0) {
      throw new IllegalArgumentException("no held-out tasks: set tasks.held_out_fraction above 0");
    }
    List<EpisodeUnit> units = new ArrayList<>();
    for (int task : heldOut) {
      units.add(EpisodeUnit.coordinator(ROUND, 0, task));
      for (int m = 0; m < models.size(); m++) {
        units.add(EpisodeUnit.singleModel(ROUND, m, task));
      }
    }
    List<EpisodeOutcome> outcomes = evaluator.evaluate(new EvaluationPlan(SAMPLE_INDEX, shape, new float[][] {head}),
        units);

    List<EpisodeOutcome> coordinator = new ArrayList<>();
    Map<Integer, List<EpisodeOutcome>> single = new TreeMap<>();
    Map<Integer, EpisodeOutcome> oracle = new LinkedHashMap<>();
    for (EpisodeOutcome outcome : outcomes) {
      EpisodeUnit unit = outcome.unit();
      if (unit.singleModel() < 0) {
        coordinator.add(outcome);
      } else {
        single.computeIfAbsent(unit.singleModel(), m -> new ArrayList<>()).add(outcome);
        // The oracle keeps, per question, a right answer if any single model gave one.
        oracle.merge(unit.task(), outcome, (kept, next) -> kept.result().reward() >= next.result().reward()
            ? kept : next);
      }
    }
    Map<String, PolicyScore> singleScores = new LinkedHashMap<>();
    String best = null;
    for (var entry : single.entrySet()) {
      String model = models.get(entry.getKey());
      PolicyScore score = score(entry.getValue(), tasks);
      singleScores.put(model, score);
      if (best == null || score.accuracy() > singleScores.get(best).accuracy()) {
        best = model;
      }
    }
    List<EpisodeOutcome> oracleOutcomes = new ArrayList<>(oracle.values());
    return new EvalReport(score(coordinator, tasks), singleScores, score(oracleOutcomes, tasks), best);
  }

  private static PolicyScore score(List<EpisodeOutcome> outcomes, Task[] tasks) {
    Map<String, double[]> byCategory = new TreeMap<>();
    double correct = 0;
    double turns = 0;
    double cost = 0;
    for (EpisodeOutcome outcome : outcomes) {
      double reward = outcome.result().reward();
      correct += reward;
      turns += outcome.result().turns();
      cost += outcome.result().cost();
      double[] tally = byCategory.computeIfAbsent(tasks[outcome.unit().task()].category(), c -> new double[2]);
      tally[0] += reward;
      tally[1]++;
    }
    Map<String, Double> accuracy = new LinkedHashMap<>();
    byCategory.forEach((category, tally) -> accuracy.put(category, tally[0] / tally[1]));
    int n = outcomes.size();
    return new PolicyScore(correct / n, n, accuracy, turns / n, cost);
  }
}
