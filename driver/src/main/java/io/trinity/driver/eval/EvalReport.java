package io.trinity.driver.eval;

import io.trinity.driver.spark.CodeGrading;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An evaluation's figures, written as {@code eval.json} by {@code trinity evaluate} and by training's held-out
 * comparison: every policy scored on the same {@code n} questions, the heads' paired comparisons, the single
 * models' coverage, the accuracy-vs-cost Pareto frontier (policy names, cheapest first), and each head's model
 * selections per category (head, category, model: the share of the head's turns there that went to the model).
 * Accuracies are fractions in [0, 1]. {@code codeGrading} is what grading the code answers of the episodes this
 * session played took (programs run in the sandbox, grade-cache hits, sandbox failures), summed over the
 * executors; a resumed evaluation counts only what it played itself. Null in reports written before it existed.
 */
public record EvalReport(int formatVersion, int n, List<String> categories, String bestSingleModel,
    List<PolicyScore> policies, List<HeadComparison> heads, Coverage coverage, List<String> paretoFrontier,
    Map<String, Map<String, Map<String, Double>>> selections, Statistics statistics, CodeGrading codeGrading) {

  public static final int FORMAT_VERSION = 2;

  /** How the intervals were made: Wilson for accuracies, a seeded paired bootstrap for differences. */
  public record Statistics(String method, int resamples, long seed, double level) {}

  /** The same report with what grading its code answers took. */
  public EvalReport withCodeGrading(CodeGrading grading) {
    return new EvalReport(formatVersion, n, categories, bestSingleModel, policies, heads, coverage, paretoFrontier,
        selections, statistics, grading);
  }

  public PolicyScore policy(String name) {
    return policies.stream().filter(p -> p.policy().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no policy " + name + " in the report"));
  }

  public List<PolicyScore> ofKind(PolicyKind kind) {
    return policies.stream().filter(p -> p.kind() == kind).toList();
  }

  /** The first head scored (training's only one). */
  public PolicyScore firstHead() {
    return ofKind(PolicyKind.HEAD).get(0);
  }

  public PolicyScore oracle() {
    return ofKind(PolicyKind.ORACLE).get(0);
  }

  public double bestSingleAccuracy() {
    return policy(bestSingleModel).accuracy();
  }

  /** The comparison as a fixed-width table: one row per policy, with intervals, per category and spend. */
  public String table() {
    StringBuilder out = new StringBuilder();
    int width = Math.max(24, policies.stream().mapToInt(p -> p.policy().length()).max().orElse(0) + 1);
    out.append(String.format(Locale.ROOT, "%-" + width + "s %-21s", "policy (n=" + n + ")", "accuracy [95% CI]"));
    categories.forEach(c -> out.append(String.format(Locale.ROOT, " %8s", c)));
    out.append(String.format(Locale.ROOT, " %6s %8s %12s%n", "turns", "tokens", "USD/question"));
    for (PolicyScore p : policies) {
      out.append(String.format(Locale.ROOT, "%-" + width + "s %5.3f [%5.3f, %5.3f]  ", p.policy(), p.accuracy(),
          p.ci95().low(), p.ci95().high()));
      categories.forEach(c -> out.append(String.format(Locale.ROOT, " %8.3f", p.byCategory().get(c).accuracy())));
      out.append(String.format(Locale.ROOT, " %6.2f %8.0f %12.6f%n", p.meanTurns(), p.meanTokens(),
          p.meanCostUsd()));
    }
    for (HeadComparison head : heads) {
      out.append(String.format(Locale.ROOT, "%s: %+.3f [%+.3f, %+.3f] vs %s", head.head(),
          head.vsBestSingle().mean(), head.vsBestSingle().ci95().low(), head.vsBestSingle().ci95().high(),
          bestSingleModel));
      if (head.vsRandomRouter() != null) {
        out.append(String.format(Locale.ROOT, "; %+.3f [%+.3f, %+.3f] vs the %s", head.vsRandomRouter().mean(),
            head.vsRandomRouter().ci95().low(), head.vsRandomRouter().ci95().high(),
            head.vsRandomRouter().baseline()));
      }
      if (head.gapClosed() != null) {
        out.append(String.format(Locale.ROOT, "; gap to the oracle closed: %.0f%%", 100 * head.gapClosed()));
      }
      out.append(System.lineSeparator());
    }
    out.append("accuracy-vs-cost frontier: ").append(String.join(" < ", paretoFrontier))
        .append(System.lineSeparator());
    if (codeGrading != null && !codeGrading.equals(CodeGrading.NONE)) {
      out.append(String.format(Locale.ROOT, "code grading: %,d programs run in the sandbox, %,d answers from the "
          + "grade cache, %,d sandbox failures%n", codeGrading.runs(), codeGrading.cacheHits(),
          codeGrading.sandboxFailures()));
    }
    return out.toString();
  }
}
