package io.trinity.driver.report;

import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler.YAxisPosition;

/** LLM calls (left axis) and their cost (right axis) of each generation's training episodes. */
final class SpendChart {
  static final String ID = "chart-spend";

  private SpendChart() {}

  /** The chart, or null when no line has calls or cost. */
  static String svg(List<GenerationPoint> points) {
    XYChart chart = GenerationCharts.chart("Calls and cost per generation", "LLM calls", points);
    chart.getStyler().setYAxisMin(0, 0.0).setYAxisMax(0, null).setYAxisMin(1, 0.0).setYAxisMax(1, null)
        .setYAxisMin(0.0).setYAxisMax(null);
    chart.getStyler().putYAxisGroupDecimalPatternMap(0, "#,##0");
    chart.getStyler().putYAxisGroupDecimalPatternMap(1, "0.####");
    XYSeries calls = GenerationCharts.line(chart, "LLM calls", points, GenerationPoint::llmCalls);
    XYSeries cost = GenerationCharts.line(chart, "cost (USD)", points, GenerationPoint::costUsd);
    if (calls == null && cost == null) {
      return null;
    }
    if (cost != null && calls != null) {
      cost.setYAxisGroup(1);
      chart.setYAxisGroupTitle(1, "USD");
      chart.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
    }
    return Svg.of(chart, ID, "LLM calls and their cost in USD for each generation's training episodes");
  }
}
