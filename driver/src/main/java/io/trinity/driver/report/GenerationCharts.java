package io.trinity.driver.report;

import java.util.List;
import java.util.function.Function;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** What the training report's charts over generations share: the frame, and series that skip missing values. */
final class GenerationCharts {
  private GenerationCharts() {}

  /**
   * An empty chart over the generations of {@code points} in the evaluation report's style, its y axis left to the
   * caller.
   */
  static XYChart chart(String title, String yTitle, List<GenerationPoint> points) {
    XYChart chart = new XYChartBuilder().width(960).height(420).title(title).xAxisTitle("generation")
        .yAxisTitle(yTitle).build();
    Charts.style(chart.getStyler());
    int span = points.get(points.size() - 1).generation() - points.get(0).generation();
    int step = labelStep(span);
    // XChart puts a tick every two generations on a 90-generation axis and their labels run into each other;
    // labelling every step-th keeps them apart. Half-generation ticks of a short run get no label at all.
    chart.getStyler().setMarkerSize(5);
    chart.getStyler().setxAxisTickLabelsFormattingFunction(x -> x == Math.rint(x)
        && Math.round(x) % step == 0 ? String.valueOf(Math.round(x)) : "");
    return chart;
  }

  /** The smallest of 1, 2, 5, 10, 20, 50, ... that labels at most about ten generations of {@code span}. */
  static int labelStep(int span) {
    for (int scale = 1; ; scale *= 10) {
      for (int step : new int[] {scale, 2 * scale, 5 * scale}) {
        if (span / step <= 10) {
          return step;
        }
      }
    }
  }

  /**
   * A line of {@code value} over the generations that have it; null (and no series) when none has. A generation
   * without the value (a line of an older build) leaves it out rather than drawing it as zero.
   */
  static XYSeries line(XYChart chart, String name, List<GenerationPoint> points,
      Function<GenerationPoint, ? extends Number> value) {
    List<GenerationPoint> present = points.stream().filter(p -> value.apply(p) != null).toList();
    if (present.isEmpty()) {
      return null;
    }
    XYSeries series = chart.addSeries(name, present.stream().mapToDouble(GenerationPoint::generation).toArray(),
        present.stream().mapToDouble(p -> value.apply(p).doubleValue()).toArray());
    series.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    // Markers on a 90-generation line are clutter; a short run's few points need them to be seen at all.
    if (present.size() > 30) {
      series.setMarker(SeriesMarkers.NONE);
    }
    return series;
  }
}
