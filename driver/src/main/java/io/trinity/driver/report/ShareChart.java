package io.trinity.driver.report;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.knowm.xchart.XYChart;

/**
 * Each model's (or role's) share of a generation's turns, one line per name, over generations: the Trinity paper's
 * Figure 6.
 */
final class ShareChart {
  static final String MODELS_ID = "chart-model-shares";
  static final String ROLES_ID = "chart-role-shares";

  private ShareChart() {}

  static String models(List<GenerationPoint> points) {
    return svg(points, GenerationPoint::modelChoices, "Model selection over generations (share of turns)", "model",
        MODELS_ID);
  }

  static String roles(List<GenerationPoint> points) {
    return svg(points, GenerationPoint::roleChoices, "Role selection over generations (share of turns)", "role",
        ROLES_ID);
  }

  /** The chart, or null when no generation has the counts or chose anything. */
  private static String svg(List<GenerationPoint> points, Function<GenerationPoint, Map<String, Integer>> counts,
      String title, String what, String id) {
    List<GenerationPoint> counted = points.stream().filter(p -> counts.apply(p) != null && total(counts.apply(p)) > 0)
        .toList();
    if (counted.isEmpty()) {
      return null;
    }
    Set<String> names = new LinkedHashSet<>();
    counted.forEach(p -> names.addAll(counts.apply(p).keySet()));
    XYChart chart = GenerationCharts.chart(title, "share of turns (%)", points);
    for (String name : names) {
      GenerationCharts.line(chart, name, counted,
          p -> 100.0 * counts.apply(p).getOrDefault(name, 0) / total(counts.apply(p)));
    }
    return Svg.of(chart, id, "Share of each generation's turns that went to each " + what);
  }

  static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
