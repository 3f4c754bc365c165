package io.trinity.driver.report;

import io.trinity.driver.eval.CategoryScore;
import io.trinity.driver.eval.EvalReport;
import java.util.Map;

/**
 * An evaluation as one self-contained HTML page ({@code report.html}): tables with the intervals, the heads'
 * comparisons, coverage and the bootstrap settings, and three charts as inline SVG. It loads nothing, so it opens
 * the same offline, from a cluster's file system or as an e-mail attachment.
 */
public final class ReportPage {
  static final String STYLE = """
      body{font-family:sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
      h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccc}
      table{border-collapse:collapse;margin:1em 0;font-size:.9em}
      th,td{border:1px solid #ddd;padding:.3em .6em;text-align:right}small,.tag{white-space:nowrap}
      th:first-child,td:first-child{text-align:left}thead th{background:#f3f3f3}
      caption{text-align:left;font-weight:bold;padding:.3em 0}
      tr.head td{background:#eef5ff}td.diagonal{background:#f3f3f3;font-weight:bold}
      small{color:#666}td>small{display:block}.note{color:#555;font-size:.9em}.scroll{overflow-x:auto}
      .tag{display:inline-block;font-size:.75em;padding:0 .4em;border-radius:.6em;margin-left:.3em}
      .pareto{background:#d9f2d9}.best{background:#ffe8c2}.significant{background:#e3dcf5}
      svg{display:block;max-width:100%;height:auto;margin:1em 0}
      """;

  private ReportPage() {}

  /** The page; {@code title} (the run's or the user's words) is escaped like every name from a config. */
  public static String html(EvalReport report, String title) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + Html.escape(title)
        + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n<h1>" + Html.escape(title) + "</h1>\n"
        + "<p>" + report.n() + " questions; every policy answered the same questions with the same call seeds, "
        + "so differences are paired.</p>\n"
        + "<h2>Policies</h2>\n<div class=\"scroll\">\n" + PolicyTable.html(report) + "</div>\n"
        + CostAccuracyChart.svg(report) + "\n" + CategoryAccuracyChart.svg(report) + "\n"
        + "<h2>Trained heads</h2>\n<div class=\"scroll\">\n" + HeadsTable.html(report) + "</div>\n"
        + SelectionChart.svg(report) + "\n"
        + "<h2>Coverage of the single models</h2>\n<div class=\"scroll\">\n" + CoverageTables.html(report.coverage())
        + "</div>\n<h2>Statistics</h2>\n" + statistics(report) + "</body>\n</html>\n";
  }

  private static String statistics(EvalReport report) {
    EvalReport.Statistics statistics = report.statistics();
    StringBuilder out = new StringBuilder("<table>\n<tbody>\n")
        .append(row("intervals", Html.escape(statistics.method())))
        .append(row("confidence level", Html.percent(statistics.level())))
        .append(row("resamples", String.valueOf(statistics.resamples())))
        .append(row("seed", String.valueOf(statistics.seed())))
        .append(row("questions", String.valueOf(report.n())));
    Map<String, CategoryScore> categories = report.policies().get(0).byCategory();
    categories.forEach((category, score) -> out.append(row("questions in " + Html.escape(category),
        String.valueOf(score.n()))));
    return out.append("</tbody>\n</table>\n<p class=\"note\">Report format version ")
        .append(report.formatVersion()).append(".</p>\n").toString();
  }

  private static String row(String name, String value) {
    return "<tr><th>" + name + "</th><td>" + value + "</td></tr>\n";
  }
}
