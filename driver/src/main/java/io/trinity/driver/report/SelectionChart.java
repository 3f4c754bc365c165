package io.trinity.driver.report;

import io.trinity.driver.eval.EvalReport;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Which models each head picks in each category, as stacked shares of its turns (the Trinity paper's Figure 7):
 * one bar per head and category, so two heads read side by side.
 */
final class SelectionChart {
  private SelectionChart() {}

  static String svg(EvalReport report) {
    Map<String, Map<String, Map<String, Double>>> selections = report.selections();
    Set<String> models = new LinkedHashSet<>();
    List<String> bars = new ArrayList<>();
    selections.forEach((head, byCategory) -> byCategory.forEach((category, shares) -> {
      bars.add(head + " \u00b7 " + category);
      models.addAll(shares.keySet());
    }));

    CategoryChart chart = new CategoryChartBuilder().width(960).height(520)
        .title("Model selection per category (share of each head's turns)").xAxisTitle("head \u00b7 category")
        .yAxisTitle("share of turns (%)").build();
    Charts.style(chart.getStyler());
    chart.getStyler().setStacked(true).setXAxisLabelRotation(30);
    for (String model : models) {
      List<Double> shares = new ArrayList<>();
      selections.values().forEach(byCategory -> byCategory.values()
          .forEach(share -> shares.add(100 * share.getOrDefault(model, 0.0))));
      chart.addSeries(model, bars, shares);
    }
    return Svg.of(chart, "selection", "Share of each head's turns that went to each model, per category");
  }
}
