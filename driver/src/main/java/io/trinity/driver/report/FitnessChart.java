package io.trinity.driver.report;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fitness over generations: the candidates' best, mean and median, the optimiser mean's score on the same tasks, and
 * its validation score where it was validated.
 */
final class FitnessChart {
  static final String ID = "chart-fitness";

  private FitnessChart() {}

  /** The chart, or null when no line has any fitness figure. */
  static String svg(List<GenerationPoint> points) {
    XYChart chart = GenerationCharts.chart("Fitness over generations", "fitness", points);
    boolean any = GenerationCharts.line(chart, "best candidate", points, GenerationPoint::bestFitness) != null;
    any |= GenerationCharts.line(chart, "candidates' mean", points, GenerationPoint::meanFitness) != null;
    any |= GenerationCharts.line(chart, "candidates' median", points, GenerationPoint::medianFitness) != null;
    any |= GenerationCharts.line(chart, "optimiser mean, same tasks", points, GenerationPoint::meanHeadFitness)
        != null;
    XYSeries validation = GenerationCharts.line(chart, "optimiser mean, validation", points,
        GenerationPoint::validationScore);
    if (validation != null) {
      validation.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.DIAMOND);
      any = true;
    }
    if (!any) {
      return null;
    }
    // Rewards lie in [0, 1]; a cost penalty can push fitness below 0, and the axis follows it there.
    double low = points.stream().flatMap(FitnessChart::values).mapToDouble(Double::doubleValue).min().orElse(0);
    double high = points.stream().flatMap(FitnessChart::values).mapToDouble(Double::doubleValue).max().orElse(1);
    chart.getStyler().setYAxisMin(Math.min(0, low)).setYAxisMax(Math.max(1, high)).setYAxisDecimalPattern("0.00");
    return Svg.of(chart, ID, "Best, mean and median fitness of the candidates, the optimiser mean's fitness and its "
        + "validation score, per generation");
  }

  private static Stream<Double> values(GenerationPoint p) {
    return Stream.of(p.bestFitness(), p.meanFitness(), p.medianFitness(), p.meanHeadFitness(), p.validationScore())
        .filter(Objects::nonNull);
  }
}
