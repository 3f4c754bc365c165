package io.trinity.driver.eval;

import io.trinity.workers.transcript.Role;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the per-question records of every policy into the report's figures: accuracies with intervals intervals,
 * the heads' paired differences, coverage, the Pareto frontier and the heads' selections.
 */
final class Scoring {
  private final ConfidenceIntervals intervals;

  Scoring(ConfidenceIntervals intervals) {
    this.intervals = intervals;
  }

  /**
   * {@code byPolicy} holds each scored policy's records, every list in the same question order, in the report's
   * policy order. {@code bestSingle} names the best single model, {@code randomRouters} the routers the heads are
   * compared with (their mean per question, when there are several seeds).
   */
  EvalReport report(Map<String, List<QuestionRecord>> byPolicy, List<String> models, String bestSingle,
      List<String> randomRouters) {
    List<QuestionRecord> first = byPolicy.values().iterator().next();
    int n = first.size();
    List<String> categories = new ArrayList<>(new TreeSet<>(first.stream().map(QuestionRecord::category).toList()));
    List<PolicyScore> scores = new ArrayList<>();
    byPolicy.forEach((policy, records) -> scores.add(score(policy, records, categories)));

    double[] best = correct(byPolicy.get(bestSingle));
    double[] router = randomRouters.isEmpty() ? null : new double[n];
    for (String name : randomRouters) {
      double[] one = correct(byPolicy.get(name));
      for (int q = 0; q < n; q++) {
        router[q] += one[q] / randomRouters.size();
      }
    }
    double oracle = byPolicy.containsKey("oracle") ? mean(correct(byPolicy.get("oracle"))) : Double.NaN;
    List<HeadComparison> heads = new ArrayList<>();
    Map<String, Map<String, Map<String, Double>>> selections = new LinkedHashMap<>();
    byPolicy.forEach((policy, records) -> {
      if (records.get(0).kind() != PolicyKind.HEAD) {
        return;
      }
      double[] head = correct(records);
      Difference vsBest = new Difference(policy, bestSingle, mean(head) - mean(best),
          intervals.difference(head, best));
      Difference vsRouter = router == null ? null : new Difference(policy, "random router (mean of "
          + randomRouters.size() + ")", mean(head) - mean(router), intervals.difference(head, router));
      Double gapClosed = oracle > mean(best) ? (mean(head) - mean(best)) / (oracle - mean(best)) : null;
      heads.add(new HeadComparison(policy, vsBest, vsRouter, gapClosed, firstWorkerSolvable(records, byPolicy)));
      selections.put(policy, selections(records, categories, models));
    });
    return new EvalReport(EvalReport.FORMAT_VERSION, n, categories, bestSingle, scores, heads,
        coverage(byPolicy, models), paretoFrontier(scores),
        selections, new EvalReport.Statistics("Wilson score interval for accuracies; paired percentile intervals over "
            + "questions for differences", intervals.resamples(),
            intervals.seed(), intervals.level()), null);
  }

  private PolicyScore score(String policy, List<QuestionRecord> records, List<String> categories) {
    double[] correct = correct(records);
    Map<String, CategoryScore> byCategory = new LinkedHashMap<>();
    for (String category : categories) {
      double[] in = records.stream().filter(r -> r.category().equals(category))
          .mapToDouble(r -> r.correct() ? 1 : 0).toArray();
      byCategory.put(category, new CategoryScore(mean(in), intervals.accuracy(in), in.length));
    }
    int n = records.size();
    double cost = records.stream().mapToDouble(QuestionRecord::costUsd).sum();
    return new PolicyScore(policy, records.get(0).kind(), mean(correct), intervals.accuracy(correct), n, byCategory,
        records.stream().mapToInt(QuestionRecord::turns).average().orElse(0),
        records.stream().mapToLong(QuestionRecord::tokens).average().orElse(0), cost / n, cost);
  }

  /**
   * Of the questions where the head played a Worker turn, the share whose first Worker was a model that solved
   * the question alone.
   */
  private static Double firstWorkerSolvable(List<QuestionRecord> head, Map<String, List<QuestionRecord>> byPolicy) {
    int workers = 0;
    int solvable = 0;
    for (int q = 0; q < head.size(); q++) {
      QuestionRecord record = head.get(q);
      int turn = record.roles().indexOf(Role.WORKER.name());
      if (turn < 0) {
        continue;
      }
      workers++;
      List<QuestionRecord> alone = byPolicy.get(record.models().get(turn));
      if (alone != null && alone.get(q).correct()) {
        solvable++;
      }
    }
    return workers == 0 ? null : (double) solvable / workers;
  }

  private static Map<String, Map<String, Double>> selections(List<QuestionRecord> records, List<String> categories,
      List<String> models) {
    Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
    for (String category : categories) {
      Map<String, Double> counts = new LinkedHashMap<>();
      models.forEach(m -> counts.put(m, 0.0));
      int turns = 0;
      for (QuestionRecord record : records) {
        if (record.category().equals(category)) {
          for (String model : record.models()) {
            counts.merge(model, 1.0, Double::sum);
            turns++;
          }
        }
      }
      int total = turns;
      counts.replaceAll((m, c) -> total == 0 ? 0 : c / total);
      shares.put(category, counts);
    }
    return shares;
  }

  private static Coverage coverage(Map<String, List<QuestionRecord>> byPolicy, List<String> models) {
    Map<String, Integer> only = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> both = new LinkedHashMap<>();
    models.forEach(m -> {
      only.put(m, 0);
      Map<String, Integer> row = new LinkedHashMap<>();
      models.forEach(o -> row.put(o, 0));
      both.put(m, row);
    });
    int none = 0;
    int n = byPolicy.get(models.get(0)).size();
    for (int q = 0; q < n; q++) {
      List<String> solvers = new ArrayList<>();
      for (String model : models) {
        if (byPolicy.get(model).get(q).correct()) {
          solvers.add(model);
        }
      }
      if (solvers.isEmpty()) {
        none++;
      } else if (solvers.size() == 1) {
        only.merge(solvers.get(0), 1, Integer::sum);
      }
      for (String a : solvers) {
        for (String b : solvers) {
          both.get(a).merge(b, 1, Integer::sum);
        }
      }
    }
    return new Coverage(only, both, none);
  }

  /**
   * The policies no other beats on both axes (at most the cost per question and at least the accuracy, better on
   * one), cheapest first. The oracle is left out: it needs the answers' grades, which no deployed policy has.
   */
  static List<String> paretoFrontier(List<PolicyScore> scores) {
    List<PolicyScore> candidates = scores.stream().filter(s -> s.kind() != PolicyKind.ORACLE)
        .sorted(Comparator.comparingDouble(PolicyScore::meanCostUsd)
            .thenComparing(Comparator.comparingDouble(PolicyScore::accuracy).reversed()))
        .toList();
    List<String> frontier = new ArrayList<>();
    double bestAccuracy = Double.NEGATIVE_INFINITY;
    for (PolicyScore score : candidates) {
      if (score.accuracy() > bestAccuracy) {
        frontier.add(score.policy());
        bestAccuracy = score.accuracy();
      }
    }
    return frontier;
  }

  private static double[] correct(List<QuestionRecord> records) {
    return records.stream().mapToDouble(r -> r.correct() ? 1 : 0).toArray();
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? Double.NaN : sum / values.length;
  }
}
