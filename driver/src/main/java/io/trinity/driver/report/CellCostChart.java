package io.trinity.driver.report;

import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.ExperimentSummary.CellSummary;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * An experiment's cells by held-out accuracy against USD per held-out question, both means over seeds, each with
 * its accuracy interval: a cost-penalty sweep traces the trained heads' accuracy-vs-cost front.
 */
final class CellCostChart {
  private CellCostChart() {}

  static String svg(ExperimentSummary summary) {
    XYChart chart = new XYChartBuilder().width(960).height(520).title("Accuracy vs cost per cell")
        .xAxisTitle("USD per held-out question").yAxisTitle("accuracy (%)").build();
    Charts.style(chart.getStyler());
    chart.getStyler().setMarkerSize(9);
    chart.getStyler().setXAxisDecimalPattern("0.######");
    List<CellSummary> cells = summary.cells();
    for (int i = 0; i < cells.size(); i++) {
      CellSummary cell = cells.get(i);
      Color color = Palette.color(i);
      double cost = cell.usdPerQuestion().mean();
      XYSeries point = chart.addSeries(cell.cell(), new double[] {cost},
          new double[] {100 * cell.accuracy().mean()});
      point.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(color);
      if (cell.accuracy().hasInterval()) {
        // Named so that no cell id can take the name, and kept out of the legend.
        XYSeries interval = chart.addSeries("\u0000interval " + i, new double[] {cost, cost},
            new double[] {100 * cell.accuracy().low(), 100 * cell.accuracy().high()});
        interval.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line).setMarker(SeriesMarkers.NONE).setLineColor(color)
            .setLineStyle(new BasicStroke(1.5f)).setShowInLegend(false);
      }
    }
    return Svg.of(chart, "cell-cost", "Held-out accuracy against USD per question for every cell, means over "
        + "seeds with intervals");
  }
}
