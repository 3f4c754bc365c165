package io.trinity.driver.report;

import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.ExperimentSummary.CellSummary;
import io.trinity.driver.eval.SeedEstimate;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * An experiment's held-out accuracy per cell: the trained heads' mean over seeds with its t-interval as error bars
 * (symmetric, as a t-interval is), beside the best single model's mean on the same questions.
 */
final class CellAccuracyChart {
  private CellAccuracyChart() {}

  static String svg(ExperimentSummary summary) {
    List<String> cells = summary.cells().stream().map(CellSummary::cell).toList();
    CategoryChart chart = new CategoryChartBuilder().width(960).height(520)
        .title("Held-out accuracy per cell (mean over seeds, " + Math.round(100 * summary.confidence())
            + "% t-interval)").xAxisTitle("cell").yAxisTitle("accuracy (%)").build();
    Charts.style(chart.getStyler());
    chart.getStyler().setXAxisLabelRotation(cells.size() > 4 ? 30 : 0).setErrorBarsColorSeriesColor(true);
    chart.addSeries("trained coordinator", cells,
        summary.cells().stream().map(c -> 100 * c.accuracy().mean()).toList(),
        summary.cells().stream().map(c -> 100 * halfWidth(c.accuracy())).toList());
    chart.addSeries("best single model", cells,
        summary.cells().stream().map(c -> 100 * (c.accuracy().mean() - c.marginOverBestSingle().mean())).toList(),
        summary.cells().stream().map(c -> 0.0).toList());
    return Svg.of(chart, "cell-accuracy", "Held-out accuracy of the trained coordinator per cell, with intervals "
        + "over seeds, beside the best single model");
  }

  private static double halfWidth(SeedEstimate estimate) {
    return estimate.hasInterval() ? (estimate.high() - estimate.low()) / 2 : 0;
  }
}
