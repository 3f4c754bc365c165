package io.trinity.driver.cli;

import io.trinity.driver.experiment.ExperimentJob;
import io.trinity.driver.experiment.ExperimentPlan;
import io.trinity.driver.experiment.ExperimentStoppedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Train a grid of cells at several seeds, score each on the same held-out questions, and "
        + "summarise with intervals over seeds. Rerun the same command to resume: finished runs are skipped.")
final class ExperimentCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "experiment file (YAML)")
  Path config;

  @Option(names = "--out", required = true, description = "experiment folder (local path or Hadoop FS URI)")
  String out;

  @Option(names = "--parallel", defaultValue = "1", description = "runs trained at a time, on one Spark context "
      + "(default ${DEFAULT-VALUE})")
  int parallel;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ExperimentPlan plan = ExperimentPlan.of(config, out);
    try {
      ExperimentJob.Result result = new ExperimentJob(plan, out, parallel).run();
      spec.commandLine().getOut().print(result.summary().table());
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ExperimentStoppedException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      return 3;
    }
  }
}
