package io.trinity.driver.eval;

import java.util.Map;

/**
 * The held-out comparison: the trained coordinator, every pool model answering alone, and the oracle that picks
 * the best single model per question (right if any single model was right). Accuracies are fractions in [0, 1],
 * all on the same {@code n} questions.
 */
public record EvalReport(PolicyScore coordinator, Map<String, PolicyScore> singleModels, PolicyScore oracle,
    String bestSingleModel) {

  public double bestSingleAccuracy() {
    return singleModels.get(bestSingleModel).accuracy();
  }

  /** The comparison as a fixed-width table, one row per policy, one column per category. */
  public String table() {
    StringBuilder out = new StringBuilder();
    var categories = coordinator.byCategory().keySet();
    out.append(String.format("%-22s %9s", "policy (held-out n=" + coordinator.n() + ")", "accuracy"));
    categories.forEach(c -> out.append(String.format(" %8s", c)));
    out.append(String.format(" %7s %10s%n", "turns", "cost USD"));
    row(out, "coordinator (trained)", coordinator);
    singleModels.forEach((model, score) -> row(out, model, score));
    row(out, "oracle (best per q)", oracle);
    return out.toString();
  }

  private static void row(StringBuilder out, String name, PolicyScore score) {
    out.append(String.format("%-22s %9.3f", name, score.accuracy()));
    score.byCategory().values().forEach(a -> out.append(String.format(" %8.3f", a)));
    out.append(String.format(" %7.2f %10.4f%n", score.meanTurns(), score.costUsd()));
  }
}
