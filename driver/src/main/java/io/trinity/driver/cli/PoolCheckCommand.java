package io.trinity.driver.cli;

import io.trinity.gateway.check.PoolCheck;
import io.trinity.gateway.check.PoolCheckReport;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.pool.PoolConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = {"Call every model of the pool once with a tiny prompt and say which are reachable, take their "
        + "key, know their model name and take their parameters, with latency, tokens and cost.",
        "Exits 1 when any model has a problem (one line each, saying what to do)."})
final class PoolCheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--pool", required = true, description = "pool file (YAML)")
  Path pool;

  @Option(names = "--model", description = "check only this model (repeatable; default: every model)")
  List<String> models;

  /** The environment the entries' key variables are read from; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    PoolConfig config = PoolConfig.load(pool);
    PoolCheck.Builder check = PoolCheck.builder().pool(config).environment(environment);
    if (models != null && !models.isEmpty()) {
      for (String model : models) {
        if (!config.modelNames().contains(model)) {
          throw new PoolConfigException("--model " + model + ": " + pool
              + " has no such model; it has " + config.modelNames());
        }
      }
      check.models(models);
    }
    PoolCheckReport report = check.build().run();
    spec.commandLine().getOut().print(report.text());
    spec.commandLine().getOut().flush();
    return report.ok() ? 0 : 1;
  }
}
