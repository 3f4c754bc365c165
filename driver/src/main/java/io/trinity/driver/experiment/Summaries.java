package io.trinity.driver.experiment;

import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.ExperimentSummary.CellComparison;
import io.trinity.driver.eval.ExperimentSummary.CellSummary;
import io.trinity.driver.eval.SeedEstimate;
import io.trinity.driver.eval.SeedRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Builds an experiment's summary from its finished runs: estimates over seeds per cell, paired differences. */
final class Summaries {
  static final String METHOD = "Student t-interval over seeds (mean +- t(n-1) * sd / sqrt(n), Apache Commons Math "
      + "TDistribution); paired differences use the seeds both cells finished on the same held-out questions";

  private Summaries() {}

  static ExperimentSummary of(ExperimentPlan plan, List<SeedRun> finished) {
    double confidence = plan.config().evaluation().confidence();
    List<CellSummary> cells = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Map<String, Map<Long, SeedRun>> byCell = new LinkedHashMap<>();
    for (Cell cell : plan.cells()) {
      Map<Long, SeedRun> runs = new LinkedHashMap<>();
      for (long seed : plan.config().seeds()) {
        finished.stream().filter(r -> r.cell().equals(cell.id()) && r.seed() == seed).findFirst()
            .ifPresent(r -> runs.put(seed, r));
      }
      byCell.put(cell.id(), runs);
      if (runs.isEmpty()) {
        notes.add("Cell " + cell.id() + " has no finished run yet.");
        continue;
      }
      List<SeedRun> list = List.copyOf(runs.values());
      cells.add(new CellSummary(cell.id(), cell.settings(), list,
          estimate(list, SeedRun::accuracy, confidence), estimate(list, SeedRun::margin, confidence),
          estimate(list, SeedRun::usdPerQuestion, confidence),
          estimate(list, r -> r.trainingLlmCalls(), confidence),
          estimate(list, SeedRun::trainingCostUsd, confidence)));
    }
    if (plan.config().seeds().size() < 5) {
      notes.add("Only " + plan.config().seeds().size() + " seeds per cell: with so few, the t-intervals are wide "
          + "and rest on the differences being roughly normal; five or more are advised.");
    }
    List<CellComparison> comparisons = new ArrayList<>();
    for (int b = 0; b < cells.size(); b++) {
      for (int c = b + 1; c < cells.size(); c++) {
        Map<Long, SeedRun> baseline = byCell.get(cells.get(b).cell());
        Map<Long, SeedRun> cell = byCell.get(cells.get(c).cell());
        List<Long> seeds = new ArrayList<>();
        List<double[]> pairs = new ArrayList<>();
        for (Map.Entry<Long, SeedRun> entry : cell.entrySet()) {
          SeedRun other = baseline.get(entry.getKey());
          if (other == null) {
            continue;
          }
          if (!other.heldOutSha256().equals(entry.getValue().heldOutSha256())) {
            notes.add("Seed " + entry.getKey() + " of " + cells.get(c).cell() + " and " + cells.get(b).cell()
                + " was scored on different held-out questions; it is left out of their comparison.");
            continue;
          }
          seeds.add(entry.getKey());
          pairs.add(new double[] {entry.getValue().accuracy() - other.accuracy(),
              entry.getValue().usdPerQuestion() - other.usdPerQuestion()});
        }
        if (seeds.isEmpty()) {
          continue;
        }
        comparisons.add(new CellComparison(cells.get(c).cell(), cells.get(b).cell(), seeds,
            SeedEstimate.of(pairs.stream().mapToDouble(p -> p[0]).toArray(), confidence),
            SeedEstimate.of(pairs.stream().mapToDouble(p -> p[1]).toArray(), confidence)));
      }
    }
    return new ExperimentSummary(ExperimentSummary.FORMAT_VERSION, plan.file().toString(), plan.config().base(),
        plan.config().seeds(), confidence, METHOD, cells, comparisons, notes);
  }

  private static SeedEstimate estimate(List<SeedRun> runs, ToDoubleFunction<SeedRun> figure, double confidence) {
    return SeedEstimate.of(runs.stream().mapToDouble(figure).toArray(), confidence);
  }
}
