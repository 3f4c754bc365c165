package io.trinity.driver.cli;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.train.TrainingJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "A short training on the bundled tasks against a simulated 4-model pool, then the held-out "
        + "comparison with every single model and the oracle.")
final class DemoCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", defaultValue = "runs/demo", description = "run directory (default: ${DEFAULT-VALUE})")
  String out;

  @Option(names = "--config", description = "training config (default: cluster-configs/train/demo-sim.yaml under "
      + "TRINITY_HOME or the current folder)")
  Path config;

  @Override
  public Integer call() {
    Path file = config != null ? config : home().resolve("cluster-configs/train/demo-sim.yaml");
    TrainingJob.Result result = new TrainingJob(ConfigLoader.load(file), out, TrainingJob.Existing.OVERWRITE).run();
    EvalReport eval = result.eval();
    var printer = spec.commandLine().getOut();
    if (eval == null) {
      printer.println("no held-out comparison: the pool's budget ran out (see the log); the run is in " + out);
      printer.flush();
      return 1;
    }
    printer.println();
    printer.print(eval.table());
    printer.printf("%ncoordinator %.1f%% vs best single model %s %.1f%% (%+.1f points); oracle %.1f%%%n",
        100 * eval.firstHead().accuracy(), eval.bestSingleModel(), 100 * eval.bestSingleAccuracy(),
        100 * (eval.firstHead().accuracy() - eval.bestSingleAccuracy()), 100 * eval.oracle().accuracy());
    printer.println("written: " + out + "/eval.json, report.html, held-out.jsonl, head.safetensors, head.json, "
        + "metrics.jsonl");
    printer.flush();
    return 0;
  }

  private static Path home() {
    String home = System.getenv("TRINITY_HOME");
    return Path.of(home == null ? "." : home);
  }
}
