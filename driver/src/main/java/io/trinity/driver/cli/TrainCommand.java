package io.trinity.driver.cli;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.train.TrainingJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a coordinator head with sep-CMA-ES on Spark.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "training config (YAML)")
  Path config;

  @Option(names = "--out", required = true, description = "run directory (local path or Hadoop FS URI)")
  String out;

  @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
  boolean resume;

  @Option(names = "--skip-pool-check", description = "do not call each pool model once before generation 1 "
      + "(as pool.preflight: false)")
  boolean skipPoolCheck;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TrainingConfig loaded = ConfigLoader.load(config);
    if (skipPoolCheck) {
      loaded = loaded.withPool(loaded.pool().withoutPreflight());
    }
    TrainingJob.Result result = new TrainingJob(loaded, out,
        resume ? TrainingJob.Existing.RESUME : TrainingJob.Existing.FAIL).run();
    if (result.eval() != null) {
      spec.commandLine().getOut().print(result.eval().table());
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
