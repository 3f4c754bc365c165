package io.trinity.driver.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.ExperimentSummary.CellSummary;
import io.trinity.driver.eval.SeedEstimate;
import io.trinity.driver.eval.SeedRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2 x 2 grid (turn budgets 1 and 2, seeds 1 and 2) trains on the simulated pool two runs at a time, is
 * summarised, is skipped whole on a rerun, and resumes the one run whose completion marker is gone, alone, to the
 * figures it had when it ran beside another.
 */
class ExperimentJobTest {
  @TempDir
  Path dir;

  @Test
  void aGridCompletesSkipsFinishedRunsOnARerunAndResumesAnUnfinishedOne() throws Exception {
    ExperimentFixtures.base(dir);
    Path file = ExperimentFixtures.experiment(dir, """
        seeds: [1, 2]
        evaluation: {held_out_fraction: 0.3}
        axes:
          - key: episode.max_turns
            values: [1, 2]
        """);
    Path out = dir.resolve("out");

    ExperimentJob.Result first = new ExperimentJob(ExperimentPlan.of(file, out.toString()), out.toString(), 2)
        .run();

    assertEquals(4, first.trained());
    assertEquals(0, first.skipped());
    ExperimentSummary summary = first.summary();
    assertEquals(List.of("max_turns=1", "max_turns=2"), summary.cells().stream().map(CellSummary::cell).toList());
    for (CellSummary cell : summary.cells()) {
      assertEquals(2, cell.runs().size(), cell.cell());
      for (SeedEstimate estimate : List.of(cell.accuracy(), cell.marginOverBestSingle(), cell.usdPerQuestion(),
          cell.trainingLlmCalls(), cell.trainingCostUsd())) {
        assertContainsMean(estimate);
      }
      assertEquals(cell.runs().stream().mapToDouble(SeedRun::accuracy).average().orElseThrow(),
          cell.accuracy().mean(), 1e-12);
      assertTrue(cell.trainingLlmCalls().mean() > 0, cell.cell());
      for (SeedRun run : cell.runs()) {
        assertEquals(run.bestSingleAccuracy() + run.margin(), run.accuracy(), 1e-9);
        assertEquals(12, run.heldOutQuestions());
        assertTrue(run.turnsPerQuestion() <= Integer.parseInt(cell.cell().substring("max_turns=".length())),
            cell.cell() + " played " + run.turnsPerQuestion() + " turns per question");
      }
    }
    // Within a seed the cells were scored on the same questions; another seed splits the tasks anew.
    for (int s = 0; s < 2; s++) {
      assertEquals(summary.cells().get(0).runs().get(s).heldOutSha256(),
          summary.cells().get(1).runs().get(s).heldOutSha256());
    }
    assertNotEquals(summary.cells().get(0).runs().get(0).heldOutSha256(),
        summary.cells().get(0).runs().get(1).heldOutSha256());
    assertEquals(1, summary.comparisons().size());
    ExperimentSummary.CellComparison comparison = summary.comparisons().get(0);
    assertEquals(List.of(1L, 2L), comparison.seeds());
    assertContainsMean(comparison.accuracyDifference());
    double paired = (summary.cells().get(1).runs().get(0).accuracy() - summary.cells().get(0).runs().get(0).accuracy()
        + summary.cells().get(1).runs().get(1).accuracy() - summary.cells().get(0).runs().get(1).accuracy()) / 2;
    assertEquals(paired, comparison.accuracyDifference().mean(), 1e-12);

    JsonNode json = ExperimentJob.JSON.readTree(out.resolve("summary.json").toFile());
    assertEquals(2, json.get("cells").size());
    assertEquals(1, json.get("cells").get(0).get("settings").get("episode.max_turns").asInt());
    assertTrue(Files.readString(out.resolve("summary.md")).contains("| max_turns=2 | 2 |"));
    String html = Files.readString(out.resolve("report.html"));
    assertEquals(2, count(html, "<svg "), "charts in report.html");
    // Self-contained: nothing to load.
    assertTrue(html.contains("max_turns=1") && !html.contains("<script") && !html.contains("src="), html);
    Path run = out.resolve("cells/max_turns=2/seed-2");
    assertTrue(Files.readString(run.resolve("config.yaml")).contains("max_turns: 2"));
    assertTrue(Files.exists(run.resolve("eval.json")) && Files.exists(run.resolve("head.json")));

    // A rerun trains nothing: every marker, metrics file and checkpoint is left as it was.
    List<Path> written = Files.walk(out.resolve("cells")).filter(Files::isRegularFile)
        .filter(p -> !p.getFileName().toString().equals("config.yaml")).toList();
    List<FileTime> times = written.stream().map(ExperimentJobTest::modified).toList();
    ExperimentJob.Result second = new ExperimentJob(ExperimentPlan.of(file, out.toString()), out.toString()).run();
    assertEquals(0, second.trained());
    assertEquals(4, second.skipped());
    assertEquals(times, written.stream().map(ExperimentJobTest::modified).toList());
    assertEquals(summary.cells().get(1).accuracy(), second.summary().cells().get(1).accuracy());

    // trinity report on the experiment's folder draws the same page again from summary.json alone.
    Files.delete(out.resolve("report.html"));
    assertEquals(0, io.trinity.driver.cli.TrinityCli.commandLine().execute("report", out.toString()));
    assertEquals(html, Files.readString(out.resolve("report.html")));

    // A run that stopped before its marker resumes from its checkpoint and ends where the whole run ended.
    Files.delete(run.resolve(SeedRun.FILE));
    ExperimentJob.Result third = new ExperimentJob(ExperimentPlan.of(file, out.toString()), out.toString()).run();
    assertEquals(1, third.trained());
    assertEquals(3, third.skipped());
    SeedRun before = summary.cells().get(1).runs().get(1);
    SeedRun after = third.summary().cells().get(1).runs().get(1);
    assertEquals(before.runId(), after.runId());
    assertEquals(before.accuracy(), after.accuracy());
    assertEquals(before.margin(), after.margin());
    assertEquals(before.trainingLlmCalls(), after.trainingLlmCalls());
  }

  private static void assertContainsMean(SeedEstimate estimate) {
    assertEquals(2, estimate.n());
    assertTrue(estimate.hasInterval());
    assertTrue(estimate.low() <= estimate.mean() && estimate.mean() <= estimate.high(), estimate.toString());
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int count(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }
}
