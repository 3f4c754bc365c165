package io.trinity.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.ExperimentSummary.CellComparison;
import io.trinity.driver.eval.ExperimentSummary.CellSummary;
import io.trinity.driver.eval.Interval;
import io.trinity.driver.eval.SeedEstimate;
import io.trinity.driver.eval.SeedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The experiment's {@code report.html}: self-contained, escaped, and drawn by a real browser without errors. */
class ExperimentPageTest {
  @TempDir
  Path dir;

  @Test
  void pageHasBothChartsLoadsNothingAndRendersWithoutConsoleErrors() throws Exception {
    List<CellSummary> cells = List.of(
        cell("turns=1", Map.of("episode.max_turns", IntNode.valueOf(1)), 0.55, 0.60, 0.58, 0.62, 0.57),
        cell("turns=3", Map.of("episode.max_turns", IntNode.valueOf(3)), 0.61, 0.66, 0.63, 0.70, 0.64),
        cell("odd", Map.of("run.note", TextNode.valueOf("<b>&")), 0.50));
    List<CellComparison> comparisons = List.of(new CellComparison("turns=3", "turns=1", List.of(1L, 2L, 3L, 4L, 5L),
        SeedEstimate.of(new double[] {0.06, 0.06, 0.05, 0.08, 0.07}, 0.95),
        SeedEstimate.of(new double[] {1e-4, 2e-4, 1e-4, 1e-4, 2e-4}, 0.95)));
    ExperimentSummary summary = new ExperimentSummary(ExperimentSummary.FORMAT_VERSION, "exp.yaml", "base.yaml",
        List.of(1L, 2L, 3L, 4L, 5L), 0.95, "t", cells, comparisons, List.of("a note <i>"));
    String html = ExperimentPage.html(summary, "Experiment <turns> & more");
    Path page = Files.writeString(dir.resolve("report.html"), html);

    assertTrue(html.contains("<h1>Experiment &lt;turns&gt; &amp; more</h1>"), "title not escaped");
    assertTrue(html.contains("run.note: &quot;&lt;b&gt;&amp;&quot;") && !html.contains("<b>&"), "settings escaped");
    assertTrue(html.contains("a note &lt;i&gt;"), "notes escaped");
    assertTrue(html.contains("one seed"), "a cell with one seed says it has no interval");
    assertEquals(2, html.split("<svg", -1).length - 1, "charts");
    assertTrue(html.contains("class=\"significant\""), "the comparison whose interval excludes zero is marked");
    assertFalse(Pattern.compile("\\b(src|href)=|url\\((?!#)|@import|https?://(?!www\\.w3\\.org/2000/svg)",
        Pattern.CASE_INSENSITIVE).matcher(html).find(), "the page loads a resource");

    Path png = dir.resolve("report.png");
    assertEquals(List.of(), HeadlessChromium.screenshot(page, png, 1280, 2400, dir), "console messages");
    int firstSeries = Screenshot.read(png).firstSeriesPixels();
    assertTrue(firstSeries > 1000, "only " + firstSeries + " pixels in the first series colour: charts not drawn");
  }

  private static CellSummary cell(String name, Map<String, JsonNode> settings, double... accuracies) {
    List<SeedRun> runs = new ArrayList<>();
    for (int s = 0; s < accuracies.length; s++) {
      runs.add(new SeedRun(name, s + 1, "run" + s, 100, "sha", accuracies[s], new Interval(0.4, 0.7), "m", 0.55,
          accuracies[s] - 0.55, new Interval(-0.1, 0.1), 0.8, null, 1e-3 * (1 + accuracies.length), 2, 10, 1000,
          0.5, 10, "now", "sha"));
    }
    double[] margins = runs.stream().mapToDouble(SeedRun::margin).toArray();
    double[] costs = runs.stream().mapToDouble(SeedRun::usdPerQuestion).toArray();
    return new CellSummary(name, settings, runs, SeedEstimate.of(accuracies, 0.95), SeedEstimate.of(margins, 0.95),
        SeedEstimate.of(costs, 0.95), SeedEstimate.of(new double[] {1000}, 0.95),
        SeedEstimate.of(new double[] {0.5}, 0.95));
  }
}
