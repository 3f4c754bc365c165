package io.trinity.driver.cli;

import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.config.EvaluationConfig;
import io.trinity.driver.config.EvaluationTasks;
import io.trinity.driver.config.HeadSource;
import io.trinity.driver.config.PoolSection;
import io.trinity.driver.config.TaskSource;
import io.trinity.driver.evaluate.EvaluationJob;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {"Score trained heads against baselines (single models, random routers, majority vote, "
        + "self-consistency, a fixed pipeline, the oracle) on the same questions, with confidence intervals "
        + "(Wilson for accuracies, a paired bootstrap for differences), on Spark.",
        "Either --config FILE, or --head, --pool and (unless the first head is a run directory holding "
        + "held-out.jsonl) --tasks."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:the evaluation is complete", "2:bad input (nothing was played)",
        "3:the pool's budget ran out: what was played is saved; --resume goes on"})
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--config", description = "evaluation config (YAML); see cluster-configs/evaluate")
  Path config;

  @Option(names = "--head", description = "export folder or run directory (local path or Hadoop FS URI); repeatable")
  List<String> heads = new ArrayList<>();

  @Option(names = "--tasks", paramLabel = "BENCHMARK=PATH", description = "a task file and its benchmark "
      + "(gsm8k, math, aime, mmlu, gpqa, custom, humaneval, mbpp, livecodebench, trinity); repeatable")
  List<String> tasks = new ArrayList<>();

  @Option(names = "--pool", description = "pool file")
  String pool;

  @Option(names = "--out", required = true, description = "output folder (local path or Hadoop FS URI)")
  String out;

  @Option(names = "--resume", description = "continue the evaluation in --out, skipping what it played")
  boolean resume;

  @Option(names = "--transcripts", description = "keep every turn's reply in the records (records.jsonl and "
      + "records.parquet grow accordingly)")
  boolean transcripts;

  @Option(names = "--skip-pool-check", description = "do not call each pool model once before the first episode "
      + "(as pool.preflight: false)")
  boolean skipPoolCheck;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    EvaluationConfig loaded = config();
    if (skipPoolCheck) {
      loaded = loaded.withPool(loaded.pool().withoutPreflight());
    }
    EvaluationJob.Result result = new EvaluationJob(loaded, out, resume, transcripts).run();
    PrintWriter printer = spec.commandLine().getOut();
    if (!result.complete()) {
      printer.println("the pool's budget ran out: the episodes played so far are saved in " + result.location()
          + "/state; raise the budget and run again with --resume");
      printer.flush();
      return 3;
    }
    printer.print(result.report().table());
    printer.println("written: " + result.location() + "/eval.json, records.jsonl, records.parquet, report.html");
    printer.flush();
    return 0;
  }

  private EvaluationConfig config() {
    if (config != null) {
      if (!heads.isEmpty() || !tasks.isEmpty() || pool != null) {
        throw new ConfigException("--config already names the heads, tasks and pool: drop --head, --tasks and "
            + "--pool, or drop --config");
      }
      return ConfigLoader.loadEvaluation(config);
    }
    if (heads.isEmpty() || pool == null) {
      throw new ConfigException("give --config FILE, or --head DIR and --pool FILE (and --tasks BENCHMARK=PATH)");
    }
    List<TaskSource> files = new ArrayList<>();
    for (String entry : tasks) {
      int equals = entry.indexOf('=');
      if (equals <= 0 || equals == entry.length() - 1) {
        throw new ConfigException("--tasks " + entry + ": expected BENCHMARK=PATH, such as gsm8k=test.jsonl");
      }
      files.add(new TaskSource(entry.substring(0, equals), entry.substring(equals + 1)));
    }
    if (files.isEmpty()) {
      RunDirectory first = RunDirectory.existing(heads.get(0), new Configuration());
      if (!first.exists(TrainingJob.HELD_OUT_FILE)) {
        throw new ConfigException("--tasks is missing, and " + heads.get(0) + " holds no "
            + TrainingJob.HELD_OUT_FILE + " (a training run's held-out questions) to default to");
      }
      files.add(new TaskSource("trinity", first.location() + "/" + TrainingJob.HELD_OUT_FILE));
    }
    return new EvaluationConfig(heads.stream().map(h -> new HeadSource(h, null, null, null)).toList(),
        new EvaluationTasks(null, files), new PoolSection(pool, null), null, null, null, null, null, null, null);
  }
}
