package io.trinity.driver.report;

import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.PolicyScore;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Accuracy against USD per question, every policy a point with its interval, and the Pareto frontier. */
final class CostAccuracyChart {
  private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE,
      SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};

  private CostAccuracyChart() {}

  static String svg(EvalReport report) {
    XYChart chart = new XYChartBuilder().width(960).height(520).title("Accuracy vs cost (n = " + report.n() + ")")
        .xAxisTitle("USD per question").yAxisTitle("accuracy (%)").build();
    Charts.style(chart.getStyler());
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setXAxisLogarithmic(spansDecades(report.policies())).setXAxisDecimalPattern("0.######");

    List<PolicyScore> policies = report.policies();
    for (int i = 0; i < policies.size(); i++) {
      PolicyScore policy = policies.get(i);
      Color color = Palette.color(i);
      XYSeries point = chart.addSeries(policy.policy(), new double[] {policy.meanCostUsd()},
          new double[] {100 * policy.accuracy()});
      point.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(MARKERS[i % MARKERS.length])
          .setMarkerColor(color);
      // XChart's own error bars are symmetric; a bootstrap interval need not be, so it is a vertical segment, in a
      // series hidden from the legend and named so that no policy from a config can take the name.
      XYSeries interval = chart.addSeries("\u0000interval " + i, new double[] {policy.meanCostUsd(),
          policy.meanCostUsd()}, new double[] {100 * policy.ci95().low(), 100 * policy.ci95().high()});
      interval.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(color)
          .setLineStyle(new BasicStroke(1.5f)).setShowInLegend(false);
    }
    List<PolicyScore> frontier = report.paretoFrontier().stream().map(report::policy).toList();
    XYSeries line = chart.addSeries("Pareto frontier", frontier.stream().mapToDouble(PolicyScore::meanCostUsd)
        .toArray(), frontier.stream().mapToDouble(p -> 100 * p.accuracy()).toArray());
    line.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(Color.BLACK)
        .setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f},
            0f));
    return Svg.of(chart, "cost-accuracy", "Accuracy against USD per question for every policy, with 95% "
        + "intervals and the Pareto frontier");
  }

  /**
   * Self-consistency and the oracle spend several times what one cheap model does; on a linear axis the cheap
   * policies would sit on top of each other near zero. A log axis needs every cost above zero.
   */
  private static boolean spansDecades(List<PolicyScore> policies) {
    double min = policies.stream().mapToDouble(PolicyScore::meanCostUsd).min().orElseThrow();
    double max = policies.stream().mapToDouble(PolicyScore::meanCostUsd).max().orElseThrow();
    return min > 0 && max / min >= 10;
  }
}
