package io.trinity.driver.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment's figures ({@code summary.json}): per cell the mean over its seeds of the trained head's held-out
 * accuracy, its margin over the best single model, USD per held-out question and training's calls and USD, each
 * with a t-interval over seeds; and for every pair of cells the paired differences over the seeds they share
 * (scored on the same held-out questions). Accuracies are fractions.
 */
public record ExperimentSummary(int formatVersion, String experiment, String base, List<Long> seeds,
    double confidence, String method, List<CellSummary> cells, List<CellComparison> comparisons,
    List<String> notes) {
  public static final int FORMAT_VERSION = 1;

  /** One cell: its settings (key path to value), the runs it has, and the estimates over them. */
  public record CellSummary(String cell, Map<String, JsonNode> settings, List<SeedRun> runs, SeedEstimate accuracy,
      SeedEstimate marginOverBestSingle, SeedEstimate usdPerQuestion, SeedEstimate trainingLlmCalls,
      SeedEstimate trainingCostUsd) {}

  /** {@code cell} minus {@code baseline}, seed by seed over {@code seeds}. */
  public record CellComparison(String cell, String baseline, List<Long> seeds, SeedEstimate accuracyDifference,
      SeedEstimate usdPerQuestionDifference) {}

  /** The summary as Markdown tables (summary.md, and what the command prints). */
  public String table() {
    int percent = (int) Math.round(100 * confidence);
    StringBuilder out = new StringBuilder();
    out.append("| cell | seeds | held-out accuracy [").append(percent).append("% CI] | margin over best single [")
        .append(percent).append("% CI] | USD/question | training calls | training USD |\n")
        .append("|---|---:|---|---|---:|---:|---:|\n");
    for (CellSummary cell : cells) {
      out.append("| ").append(cell.cell()).append(" | ").append(cell.runs().size()).append(" | ")
          .append(points(cell.accuracy(), false)).append(" | ").append(points(cell.marginOverBestSingle(), true))
          .append(" | ").append(String.format(Locale.ROOT, "%.6f", cell.usdPerQuestion().mean())).append(" | ")
          .append(String.format(Locale.ROOT, "%,.0f", cell.trainingLlmCalls().mean())).append(" | ")
          .append(String.format(Locale.ROOT, "%.4f", cell.trainingCostUsd().mean())).append(" |\n");
    }
    if (!comparisons.isEmpty()) {
      out.append("\n| cell - baseline | paired seeds | accuracy difference [").append(percent)
          .append("% CI] | USD/question difference |\n|---|---:|---|---:|\n");
      for (CellComparison c : comparisons) {
        out.append("| ").append(c.cell()).append(" - ").append(c.baseline()).append(" | ").append(c.seeds().size())
            .append(" | ").append(points(c.accuracyDifference(), true)).append(" | ")
            .append(String.format(Locale.ROOT, "%+.6f", c.usdPerQuestionDifference().mean())).append(" |\n");
      }
    }
    notes.forEach(note -> out.append("\n").append(note).append("\n"));
    return out.toString();
  }

  /** A fraction in percent (points when signed), with its interval when there is one. */
  private static String points(SeedEstimate estimate, boolean signed) {
    String format = signed ? "%+.1f" : "%.1f";
    String mean = String.format(Locale.ROOT, format, 100 * estimate.mean());
    return estimate.hasInterval() ? mean + String.format(Locale.ROOT, " [" + format + ", " + format + "]",
        100 * estimate.low(), 100 * estimate.high()) : mean + " (one seed)";
  }
}
