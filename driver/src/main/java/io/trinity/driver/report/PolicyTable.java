package io.trinity.driver.report;

import io.trinity.driver.eval.CategoryScore;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.PolicyScore;
import java.util.Locale;

/** Every policy in one row: accuracy with its interval, per category, spend, and the frontier and best marks. */
final class PolicyTable {
  private PolicyTable() {}

  static String html(EvalReport report) {
    StringBuilder out = new StringBuilder("<table class=\"policies\">\n<thead><tr><th>policy</th><th>kind</th>")
        .append("<th>accuracy [95% CI]</th>");
    for (String category : report.categories()) {
      out.append("<th>").append(Html.escape(category)).append("</th>");
    }
    out.append("<th>mean turns</th><th>mean tokens</th><th>USD / question</th></tr></thead>\n<tbody>\n");
    for (PolicyScore policy : report.policies()) {
      out.append("<tr class=\"").append(policy.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .append("\"><td>").append(Html.escape(policy.policy())).append(marks(report, policy)).append("</td><td>")
          .append(policy.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append("</td><td>")
          .append(Html.withInterval(policy.accuracy(), policy.ci95())).append("</td>");
      for (String category : report.categories()) {
        CategoryScore score = policy.byCategory().get(category);
        out.append("<td>").append(Html.withInterval(score.accuracy(), score.ci95())).append("</td>");
      }
      out.append("<td>").append(Html.number(policy.meanTurns(), 2)).append("</td><td>")
          .append(Html.number(policy.meanTokens(), 0)).append("</td><td>").append(Html.usd(policy.meanCostUsd()))
          .append("</td></tr>\n");
    }
    return out.append("</tbody>\n</table>\n").toString();
  }

  private static String marks(EvalReport report, PolicyScore policy) {
    String marks = "";
    if (report.paretoFrontier().contains(policy.policy())) {
      marks += " <span class=\"tag pareto\" title=\"on the accuracy-vs-cost Pareto frontier\">Pareto</span>";
    }
    if (policy.policy().equals(report.bestSingleModel())) {
      marks += " <span class=\"tag best\">best single model</span>";
    }
    return marks;
  }
}
