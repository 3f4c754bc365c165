package io.trinity.driver.report;

import io.trinity.driver.eval.Coverage;
import java.util.Map;

/** Which single models solve which questions: the ones only a model solves, and every pair's overlap. */
final class CoverageTables {
  private CoverageTables() {}

  static String html(Coverage coverage) {
    StringBuilder out = new StringBuilder("<table>\n<thead><tr><th>model</th><th>questions only it solves</th>")
        .append("</tr></thead>\n<tbody>\n");
    coverage.onlySolvedBy().forEach((model, count) -> out.append("<tr><td>").append(Html.escape(model))
        .append("</td><td>").append(count).append("</td></tr>\n"));
    out.append("<tr><td><em>no model</em></td><td>").append(coverage.solvedByNone()).append("</td></tr>\n")
        .append("</tbody>\n</table>\n");

    out.append("<table class=\"matrix\">\n<caption>Questions both models solve (the diagonal: each model alone)")
        .append("</caption>\n<thead><tr><th></th>");
    coverage.solvedByBoth().keySet().forEach(model -> out.append("<th>").append(Html.escape(model)).append("</th>"));
    out.append("</tr></thead>\n<tbody>\n");
    for (Map.Entry<String, Map<String, Integer>> row : coverage.solvedByBoth().entrySet()) {
      out.append("<tr><th>").append(Html.escape(row.getKey())).append("</th>");
      row.getValue().forEach((other, count) -> out.append(other.equals(row.getKey()) ? "<td class=\"diagonal\">"
          : "<td>").append(count).append("</td>"));
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>\n").toString();
  }
}
