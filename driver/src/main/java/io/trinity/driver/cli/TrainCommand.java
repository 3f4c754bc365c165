package io.trinity.driver.cli;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.train.TrainingJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a coordinator head with sep-CMA-ES on Spark.")
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--config", required = true, description = "training config (YAML)")
  Path config;

  @Option(names = "--out", required = true, description = "run directory (local path or Hadoop FS URI)")
  String out;

  @Option(names = "--resume", description = "continue the run in --out from its last checkpoint")
  boolean resume;

  @Override
  public Integer call() {
    new TrainingJob(ConfigLoader.load(config), out,
        resume ? TrainingJob.Existing.RESUME : TrainingJob.Existing.FAIL).run();
    return 0;
  }
}
