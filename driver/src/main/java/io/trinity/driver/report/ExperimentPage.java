package io.trinity.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.ExperimentSummary.CellComparison;
import io.trinity.driver.eval.ExperimentSummary.CellSummary;
import io.trinity.driver.eval.SeedEstimate;
import java.util.Locale;
import java.util.Map;

/**
 * An experiment's summary as one self-contained HTML page ({@code report.html} of {@code trinity experiment}): the
 * cells with their estimates over seeds, the paired comparisons, and two charts as inline SVG, drawn as the
 * evaluation report draws its own.
 */
public final class ExperimentPage {
  private static final String STYLE = """
      body{font-family:sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
      h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
      table{border-collapse:collapse;margin:1em 0;font-size:.9em}
      th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right}small{white-space:nowrap;color:#666}
      th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}td>small{display:block}
      .significant{background:#e3dcf5}.note{color:#555;font-size:.9em}.scroll{overflow-x:auto}
      svg{display:block;max-width:100%;height:auto;margin:1em 0}
      """;

  private ExperimentPage() {}

  public static String html(ExperimentSummary summary, String title) {
    StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + Html.escape(title)
        + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<h1>" + Html.escape(title) + "</h1>\n");
    out.append("<p>").append(summary.cells().size()).append(" cells, seeds ")
        .append(Html.escape(summary.seeds().toString())).append(", base config ")
        .append(Html.escape(summary.base())).append(". Within a seed every cell is scored on the same held-out "
            + "questions, so differences between cells are paired by seed.</p>\n");
    out.append("<h2>Cells</h2>\n<div class=\"scroll\">\n").append(cells(summary)).append("</div>\n");
    if (!summary.cells().isEmpty()) {
      out.append(CellAccuracyChart.svg(summary)).append("\n").append(CellCostChart.svg(summary)).append("\n");
    }
    if (!summary.comparisons().isEmpty()) {
      out.append("<h2>Paired comparisons</h2>\n<div class=\"scroll\">\n").append(comparisons(summary))
          .append("</div>\n");
    }
    out.append("<h2>Statistics</h2>\n<p class=\"note\">").append(Html.escape(summary.method()))
        .append("; confidence level ").append(Html.percent(summary.confidence()))
        .append(". Summary format version ").append(summary.formatVersion()).append(".</p>\n");
    summary.notes().forEach(n -> out.append("<p class=\"note\">").append(Html.escape(n)).append("</p>\n"));
    return out.append("</body>\n</html>\n").toString();
  }

  private static String cells(ExperimentSummary summary) {
    StringBuilder out = new StringBuilder("<table>\n<thead><tr><th>cell</th><th>settings</th><th>seeds</th>"
        + "<th>held-out accuracy</th><th>margin over best single</th><th>USD/question</th><th>training calls</th>"
        + "<th>training USD</th></tr></thead>\n<tbody>\n");
    for (CellSummary cell : summary.cells()) {
      out.append("<tr><td>").append(Html.escape(cell.cell())).append("</td><td>").append(settings(cell.settings()))
          .append("</td><td>").append(cell.runs().size()).append("</td><td>").append(percent(cell.accuracy(), false))
          .append("</td><td").append(significant(cell.marginOverBestSingle())).append('>')
          .append(percent(cell.marginOverBestSingle(), true)).append("</td><td>")
          .append(Html.usd(cell.usdPerQuestion().mean())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%,.0f", cell.trainingLlmCalls().mean())).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.4f", cell.trainingCostUsd().mean())).append("</td></tr>\n");
    }
    return out.append("</tbody>\n</table>\n").toString();
  }

  private static String comparisons(ExperimentSummary summary) {
    StringBuilder out = new StringBuilder("<table>\n<thead><tr><th>cell</th><th>baseline</th><th>paired seeds</th>"
        + "<th>accuracy difference</th><th>USD/question difference</th></tr></thead>\n<tbody>\n");
    for (CellComparison c : summary.comparisons()) {
      out.append("<tr><td>").append(Html.escape(c.cell())).append("</td><td>").append(Html.escape(c.baseline()))
          .append("</td><td>").append(c.seeds().size()).append("</td><td").append(significant(c.accuracyDifference()))
          .append('>').append(percent(c.accuracyDifference(), true)).append("</td><td>")
          .append(String.format(Locale.ROOT, "%+.6f", c.usdPerQuestionDifference().mean())).append("</td></tr>\n");
    }
    return out.append("</tbody>\n</table>\n<p class=\"note\">Shaded: the interval excludes zero.</p>\n").toString();
  }

  private static String settings(Map<String, JsonNode> settings) {
    StringBuilder out = new StringBuilder();
    settings.forEach((key, value) -> out.append(out.length() == 0 ? "" : "<br>").append(Html.escape(key))
        .append(": ").append(Html.escape(value.toString())));
    return out.toString();
  }

  private static String significant(SeedEstimate estimate) {
    return estimate.hasInterval() && (estimate.low() > 0 || estimate.high() < 0) ? " class=\"significant\"" : "";
  }

  /** A fraction in percent (points when signed) with its interval below it. */
  private static String percent(SeedEstimate estimate, boolean signed) {
    String format = signed ? "%+.1f" : "%.1f";
    String mean = String.format(Locale.ROOT, format + (signed ? " pp" : "%%"), 100 * estimate.mean());
    return estimate.hasInterval() ? mean + String.format(Locale.ROOT, " <small>[" + format + ", " + format
        + "]</small>", 100 * estimate.low(), 100 * estimate.high()) : mean + " <small>one seed</small>";
  }
}
