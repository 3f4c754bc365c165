package io.trinity.driver.cli;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.report.ExperimentPage;
import io.trinity.driver.report.ExperimentSummaryReader;
import io.trinity.driver.report.TrainingReportPage;
import io.trinity.driver.report.TrainingRun;
import io.trinity.driver.report.TrainingRunReader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Write a training run's report: one self-contained HTML page with fitness and validation, sigma, "
        + "model and role shares over generations, model selection per category, and calls and cost per "
        + "generation, drawn from the run's metrics.jsonl (and checkpoint.json and head.json for its header).",
        "The page goes to RUN_DIR/" + TrainingReportPage.FILE + " unless --out names another file; the held-out "
            + "comparison's report.html in the same folder is left alone.",
        "Given an experiment's folder (trinity experiment --out DIR: summary.json, no metrics.jsonl), it draws the "
            + "experiment's page again from summary.json into DIR/report.html (or --out)."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the page is written", "2:RUN_DIR is not a training run directory, or a file in it is bad"})
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "training run directory (local path or Hadoop FS "
      + "URI) holding metrics.jsonl, or an experiment's folder holding summary.json")
  String runDir;

  @Option(names = "--out", description = "the page's file (local path or Hadoop FS URI; default: RUN_DIR/"
      + TrainingReportPage.FILE + ")")
  String out;

  @Option(names = "--window", defaultValue = "" + TrainingReportPage.DEFAULT_WINDOW, description = "generations in "
      + "each of the per-category chart's two windows, the run's first and last (default: ${DEFAULT-VALUE}; fewer "
      + "than twice as many generations give one bar over all)")
  int window;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (window < 1) {
      throw new ConfigException("--window must be at least 1, not " + window);
    }
    Configuration hadoop = new Configuration();
    RunDirectory folder = existingOrNull(hadoop);
    String page;
    String location;
    String defaultName;
    String what;
    if (folder != null && ExperimentSummaryReader.isExperiment(folder)) {
      ExperimentSummary summary = ExperimentSummaryReader.read(folder);
      page = ExperimentPage.html(summary, "Trinity experiment " + new Path(summary.experiment()).getName());
      location = folder.location();
      defaultName = ExperimentSummaryReader.PAGE;
      what = summary.cells().size() + " cells, " + summary.seeds().size() + " seeds";
    } else {
      TrainingRun run = TrainingRunReader.read(runDir, hadoop);
      page = TrainingReportPage.html(run, window);
      location = run.location();
      defaultName = TrainingReportPage.FILE;
      what = TrainingReportPage.generations(run.generations().size());
    }
    String written;
    if (out == null) {
      RunDirectory.existing(location, hadoop).writeString(defaultName, page);
      written = location + "/" + defaultName;
    } else {
      Path file = new Path(out);
      if (file.getParent() == null) {
        throw new ConfigException("--out " + out + ": expected a file path such as runs/demo/training.html");
      }
      RunDirectory target = RunDirectory.open(file.getParent().toString(), hadoop);
      target.writeString(file.getName(), page);
      written = target.location() + "/" + file.getName();
    }
    PrintWriter printer = spec.commandLine().getOut();
    printer.println("written: " + written + " (" + what + ")");
    printer.flush();
    return 0;
  }

  /** The folder, or null when it cannot be opened (the training-run reader then says what was expected). */
  private RunDirectory existingOrNull(Configuration hadoop) {
    try {
      return RunDirectory.existing(runDir, hadoop);
    } catch (java.io.UncheckedIOException e) {
      return null;
    }
  }
}
