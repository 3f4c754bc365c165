package io.trinity.driver.report;

import io.trinity.driver.eval.Difference;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.HeadComparison;

/** Each trained head against the best single model and the random router, paired on the same questions. */
final class HeadsTable {
  private HeadsTable() {}

  static String html(EvalReport report) {
    StringBuilder out = new StringBuilder("<table>\n<thead><tr><th>head</th><th>vs best single (")
        .append(Html.escape(report.bestSingleModel())).append(")</th><th>vs random router</th>")
        .append("<th>gap to the oracle closed</th><th>first Worker could solve</th></tr></thead>\n<tbody>\n");
    for (HeadComparison head : report.heads()) {
      out.append("<tr><td>").append(Html.escape(head.head())).append("</td><td>")
          .append(difference(head.vsBestSingle())).append("</td><td>")
          .append(head.vsRandomRouter() == null ? "&mdash; (no random router scored)"
              : difference(head.vsRandomRouter()) + " <small>vs the " + Html.escape(head.vsRandomRouter().baseline())
                  + "</small>")
          .append("</td><td>")
          .append(head.gapClosed() == null ? "&mdash; (the oracle is no better than the best single model)"
              : Html.percent(head.gapClosed()))
          .append("</td><td>")
          .append(head.firstWorkerSolvable() == null ? "&mdash; (never chose a Worker)"
              : Html.percent(head.firstWorkerSolvable()))
          .append("</td></tr>\n");
    }
    return out.append("</tbody>\n</table>\n<p class=\"note\">Differences are in percentage points; ")
        .append("<span class=\"tag significant\">CI excludes 0</span> marks a difference unlikely to be chance. ")
        .append("Gap closed is (head &minus; best single) / (oracle &minus; best single).</p>\n").toString();
  }

  private static String difference(Difference difference) {
    String cell = Html.points(difference.mean(), difference.ci95());
    return difference.ci95().excludesZero() ? cell + " <span class=\"tag significant\">CI excludes 0</span>" : cell;
  }
}
