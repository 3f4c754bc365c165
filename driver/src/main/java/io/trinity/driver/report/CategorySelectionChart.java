package io.trinity.driver.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Which models the population picked in each task category (the Trinity paper's Figure 7): stacked shares of the
 * turns over the run's first and last {@code window} generations, one bar per category and window, so a category
 * whose routing changed shows it side by side; with fewer than two windows' worth of generations, one bar over all.
 * A table under the chart gives the same shares as numbers.
 */
final class CategorySelectionChart {
  static final String ID = "chart-category-selection";
  static final String TABLE_ID = "table-category-selection";

  /** Generations a window spans, their first and last, and the summed model counts per category. */
  record Window(String label, int first, int last, Map<String, Map<String, Integer>> counts) {}

  private CategorySelectionChart() {}

  /** The windows over the generations that have per-category counts; empty when none has. */
  static List<Window> windows(List<GenerationPoint> points, int window) {
    List<GenerationPoint> counted = points.stream().filter(p -> p.modelsByCategory() != null).toList();
    if (counted.isEmpty()) {
      return List.of();
    }
    if (counted.size() < 2 * window) {
      return List.of(window("all", counted));
    }
    return List.of(window("first " + window, counted.subList(0, window)),
        window("last " + window, counted.subList(counted.size() - window, counted.size())));
  }

  private static Window window(String label, List<GenerationPoint> points) {
    Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    for (GenerationPoint point : points) {
      point.modelsByCategory().forEach((category, models) -> models.forEach((model, n) -> counts
          .computeIfAbsent(category, c -> new LinkedHashMap<>()).merge(model, n, Integer::sum)));
    }
    return new Window(label, points.get(0).generation(), points.get(points.size() - 1).generation(), counts);
  }

  static String svg(List<Window> windows) {
    Set<String> categories = new LinkedHashSet<>();
    Set<String> models = new LinkedHashSet<>();
    for (Window window : windows) {
      categories.addAll(window.counts().keySet());
      window.counts().values().forEach(counts -> models.addAll(counts.keySet()));
    }
    List<String> bars = new ArrayList<>();
    for (String category : categories) {
      for (Window window : windows) {
        bars.add(windows.size() == 1 ? category : category + " \u00b7 " + window.label());
      }
    }
    CategoryChart chart = new CategoryChartBuilder().width(960).height(520)
        .title("Model selection per category (share of the turns)").xAxisTitle("category \u00b7 generations")
        .yAxisTitle("share of turns (%)").build();
    Charts.style(chart.getStyler());
    chart.getStyler().setStacked(true).setXAxisLabelRotation(30);
    for (String model : models) {
      List<Double> shares = new ArrayList<>();
      for (String category : categories) {
        for (Window window : windows) {
          shares.add(100 * share(window.counts().get(category), model));
        }
      }
      chart.addSeries(model, bars, shares);
    }
    return Svg.of(chart, ID, "Share of the turns that went to each model, per task category, over the first and "
        + "last generations of the run");
  }

  /** The shares as a table: a row per category and window, a column per model, and the turns counted. */
  static String table(List<Window> windows) {
    Set<String> models = new LinkedHashSet<>();
    Set<String> categories = new LinkedHashSet<>();
    for (Window window : windows) {
      categories.addAll(window.counts().keySet());
      window.counts().values().forEach(counts -> models.addAll(counts.keySet()));
    }
    StringBuilder out = new StringBuilder("<table id=\"").append(TABLE_ID).append("\">\n<thead><tr>")
        .append("<th>category</th><th>generations</th>");
    models.forEach(model -> out.append("<th>").append(Html.escape(model)).append("</th>"));
    out.append("<th>turns</th></tr></thead>\n<tbody>\n");
    for (String category : categories) {
      for (Window window : windows) {
        Map<String, Integer> counts = window.counts().get(category);
        out.append("<tr><td>").append(Html.escape(category)).append("</td><td>").append(window.first())
            .append("&ndash;").append(window.last()).append("</td>");
        models.forEach(model -> out.append("<td>").append(Html.percent(share(counts, model))).append("</td>"));
        out.append("<td>").append(counts == null ? 0 : ShareChart.total(counts)).append("</td></tr>\n");
      }
    }
    return out.append("</tbody>\n</table>\n").toString();
  }

  private static double share(Map<String, Integer> counts, String model) {
    if (counts == null) {
      return 0;
    }
    int total = ShareChart.total(counts);
    return total == 0 ? 0 : (double) counts.getOrDefault(model, 0) / total;
  }
}
