package io.trinity.driver.report;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A training run as one self-contained HTML page ({@code training-report.html}): the run's config summary, then
 * fitness with the validation curve, sigma, model and role shares over generations (the Trinity paper's Figure 6),
 * model selection per category (Figure 7) and calls and cost per generation, each chart inline SVG in the
 * evaluation report's style. Each chart sits in a section with a fixed id; a chart whose figures the run's
 * {@code metrics.jsonl} lacks (a file of an older build) is replaced by a note saying which key is missing.
 */
public final class TrainingReportPage {
  /** The file name in the run directory, beside the held-out comparison's {@code report.html}. */
  public static final String FILE = "training-report.html";
  /** The generations per window of the per-category chart, unless the command line says otherwise. */
  public static final int DEFAULT_WINDOW = 10;

  /** The ids of the page's chart sections, in page order. */
  public static final List<String> CHART_IDS = List.of(FitnessChart.ID, SigmaChart.ID, ShareChart.MODELS_ID,
      ShareChart.ROLES_ID, CategorySelectionChart.ID, SpendChart.ID);

  private TrainingReportPage() {}

  /** The page; {@code window} (at least 1) is how many generations the per-category chart's windows span. */
  public static String html(TrainingRun run, int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be at least 1, not " + window);
    }
    List<GenerationPoint> points = run.generations();
    String title = "Trinity run " + (run.runId() == null ? run.location() : run.runId()) + ": training";
    StringBuilder page = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
        .append(Html.escape(title)).append("</title>\n<style>\n").append(ReportPage.STYLE)
        .append(".missing{background:#fff4e0;padding:.5em}.summary td{text-align:left}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(Html.escape(title)).append("</h1>\n<p>").append(generations(points.size()))
        .append(" from metrics.jsonl. Fitness is the mean reward over the generation's tasks (less the "
            + "cost penalty, if the run has one); choices count every turn of the generation's training episodes "
            + "(the candidates' and the optimiser mean's).</p>\n")
        .append("<h2>Run</h2>\n").append(summary(run.summary()));

    section(page, FitnessChart.ID, "Fitness", FitnessChart.svg(points), "best_fitness, mean_fitness");
    if (points.stream().noneMatch(p -> p.validationScore() != null)) {
      page.append("<p class=\"note\">No validation curve: the run validated on no generation "
          + "(tasks.validation_fraction 0, or fewer generations than run.validate_every).</p>\n");
    }
    section(page, SigmaChart.ID, "Step size", SigmaChart.svg(points), "sigma");
    section(page, ShareChart.MODELS_ID, "Model selection over generations", ShareChart.models(points),
        "model_choices");
    section(page, ShareChart.ROLES_ID, "Role selection over generations", ShareChart.roles(points), "role_choices");
    List<CategorySelectionChart.Window> windows = CategorySelectionChart.windows(points, window);
    section(page, CategorySelectionChart.ID, "Model selection per category",
        windows.isEmpty() ? null : CategorySelectionChart.svg(windows) + "\n" + CategorySelectionChart.table(windows)
            + partly(points, p -> p.modelsByCategory() != null, "selections_by_category"),
        "selections_by_category");
    section(page, SpendChart.ID, "Calls and cost", SpendChart.svg(points), "llm_calls, cost_usd");
    return page.append("</body>\n</html>\n").toString();
  }

  private static void section(StringBuilder page, String id, String heading, String content, String keys) {
    page.append("<section id=\"").append(id).append("\">\n<h2>").append(heading).append("</h2>\n");
    if (content == null) {
      page.append("<p class=\"note missing\">Not drawn: no line of this run's metrics.jsonl has ").append(keys)
          .append(" (written by a build, or for an optimiser, that does not record it).</p>\n");
    } else {
      page.append(content).append('\n');
    }
    page.append("</section>\n");
  }

  /** A note when only some lines have the figures a chart was drawn from (a run resumed by a newer build). */
  private static String partly(List<GenerationPoint> points, Predicate<GenerationPoint> has, String key) {
    long without = points.stream().filter(has.negate()).count();
    return without == 0 ? "" : "<p class=\"note missing\">" + without + " of " + points.size()
        + " generations have no " + key + " (lines written by an older build) and are left out.</p>\n";
  }

  /** "1 generation", "6 generations". */
  public static String generations(int count) {
    return count + (count == 1 ? " generation" : " generations");
  }

  private static String summary(Map<String, String> rows) {
    StringBuilder out = new StringBuilder("<table class=\"summary\">\n<tbody>\n");
    rows.forEach((label, value) -> out.append("<tr><th>").append(Html.escape(label)).append("</th><td>")
        .append(Html.escape(value)).append("</td></tr>\n"));
    return out.append("</tbody>\n</table>\n").toString();
  }
}
