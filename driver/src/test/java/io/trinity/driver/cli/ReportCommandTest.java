package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trinity report} from the command line: where the page goes, and one-line errors for what is not a run. */
class ReportCommandTest {
  private static final String LINE = "{\"generation\":%d,\"best_fitness\":0.5,\"mean_fitness\":0.25,"
      + "\"sigma\":0.5,\"llm_calls\":10,\"cost_usd\":0.02,\"model_choices\":{\"a\":7,\"b\":3}}\n";

  @TempDir
  Path dir;

  @Test
  void writesBesideTheEvaluationsReportOrWhereOutSays() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("metrics.jsonl"), LINE.formatted(0) + LINE.formatted(1));
    Files.writeString(run.resolve("report.html"), "the held-out comparison");

    CliRun written = CliRun.of("report", run.toString());
    assertEquals(0, written.exitCode(), written.err());
    assertTrue(written.out().contains("training-report.html (2 generations)"), written.out());
    assertTrue(Files.readString(run.resolve("training-report.html")).contains("<section id=\"chart-fitness\">"));
    assertEquals("the held-out comparison", Files.readString(run.resolve("report.html")), "report.html untouched");

    Path elsewhere = dir.resolve("pages/run.html");
    CliRun out = CliRun.of("report", run.toString(), "--out", elsewhere.toString());
    assertEquals(0, out.exitCode(), out.err());
    assertTrue(Files.readString(elsewhere).startsWith("<!DOCTYPE html>"));
  }

  @Test
  void somethingOtherThanARunIsAOneLineErrorSayingWhatWasExpected() throws Exception {
    CliRun missing = CliRun.of("report", dir.resolve("nowhere").toString());
    assertEquals(2, missing.exitCode());
    assertTrue(missing.err().contains("nowhere is not a readable folder: expected a training run directory holding "
        + "metrics.jsonl"), missing.err());

    Path experiment = Files.createDirectories(dir.resolve("experiment"));
    Files.writeString(experiment.resolve("summary.json"), "{}");
    CliRun notRun = CliRun.of("report", experiment.toString());
    assertEquals(2, notRun.exitCode());
    assertTrue(notRun.err().contains("summary.json: format_version 0, expected 1"), notRun.err());

    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun nothing = CliRun.of("report", empty.toString());
    assertEquals(2, nothing.exitCode());
    assertTrue(nothing.err().contains("holds no metrics.jsonl: trinity report expects a training run directory"),
        nothing.err());

    Files.writeString(empty.resolve("metrics.jsonl"), LINE.formatted(0)
        + LINE.formatted(1).replace("\"sigma\":0.5", "\"sigma\":\"big\""));
    CliRun bad = CliRun.of("report", empty.toString());
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("metrics.jsonl line 2: key 'sigma' must be a number, not \"big\""), bad.err());
    assertFalse(bad.err().contains("\tat "), "no stack trace: " + bad.err());
    assertFalse(Files.exists(empty.resolve("training-report.html")));

    Files.writeString(empty.resolve("metrics.jsonl"), LINE.formatted(0));
    CliRun window = CliRun.of("report", empty.toString(), "--window", "0");
    assertEquals(2, window.exitCode());
    assertTrue(window.err().contains("--window must be at least 1"), window.err());
  }
}
