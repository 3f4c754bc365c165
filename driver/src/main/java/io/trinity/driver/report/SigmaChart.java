package io.trinity.driver.report;

import java.util.List;
import org.knowm.xchart.XYChart;

/** The optimiser's step size after each generation. */
final class SigmaChart {
  static final String ID = "chart-sigma";

  private SigmaChart() {}

  /** The chart, or null when no line has a sigma (an optimiser without a step size). */
  static String svg(List<GenerationPoint> points) {
    XYChart chart = GenerationCharts.chart("Step size (sigma) over generations", "sigma", points);
    if (GenerationCharts.line(chart, "sigma", points, GenerationPoint::sigma) == null) {
      return null;
    }
    double high = points.stream().filter(p -> p.sigma() != null).mapToDouble(GenerationPoint::sigma).max()
        .orElseThrow();
    chart.getStyler().setYAxisMin(0.0).setYAxisMax(high * 1.1).setYAxisDecimalPattern("0.###");
    return Svg.of(chart, ID, "The optimiser's step size sigma after each generation");
  }
}
