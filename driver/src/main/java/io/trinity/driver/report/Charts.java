package io.trinity.driver.report;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The look the report's charts share: white, light grid, the logical sans-serif font every JDK resolves, the legend
 * beside the plot (policy names are long), and a percentage axis from 0 to 100.
 */
final class Charts {
  private Charts() {}

  static void style(AxesChartStyler styler) {
    styler.setChartBackgroundColor(Color.WHITE).setPlotBackgroundColor(Color.WHITE)
        .setPlotBorderColor(Color.GRAY).setLegendBorderColor(Color.LIGHT_GRAY).setSeriesColors(Palette.colors())
        .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15))
        .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
        .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11))
        .setPlotGridLinesColor(new Color(0xe0e0e0)).setYAxisMin(0.0).setYAxisMax(100.0).setYAxisDecimalPattern("0");
    styler.setLegendPosition(LegendPosition.OutsideE);
  }
}
