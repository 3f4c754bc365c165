package io.trinity.driver.cli;

import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.io.HeadExports;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.export.ExportException;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.export.HeadManifest;
import io.trinity.workers.export.ReadOptions;
import io.trinity.workers.export.TrainingSummary;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "inspect", mixinStandardHelpOptions = true,
    description = "Read a head export (head.json + head.safetensors), check everything the evaluation and serving "
        + "jobs check before they use it, and say what it is.")
final class InspectCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--head", required = true, description = "export folder or run directory (local path or Hadoop "
      + "FS URI)")
  String head;

  @Option(names = "--pool", description = "pool file: check that it offers every model the head picks")
  Path pool;

  @Option(names = "--model", description = "this machine's copy of the head's Qwen3 snapshot (default: the folder "
      + "recorded at training)")
  Path model;

  @Option(names = "--allow-prompt-change", description = "accept a head trained with other role prompts than this "
      + "build's (it would play with this build's)")
  boolean allowPromptChange;

  @Override
  public Integer call() {
    ReadOptions options = new ReadOptions(model, pool == null ? null : PoolConfig.load(pool).modelNames(),
        allowPromptChange);
    RunDirectory directory;
    try {
      directory = RunDirectory.existing(head, new Configuration());
    } catch (UncheckedIOException e) {
      throw new ExportException("--head: " + e.getMessage(), e);
    }
    ExportedHead export = HeadExports.read(directory, options);
    CoordinatorSpec coordinator = export.spec();
    HeadManifest manifest = export.manifest();
    TrainingSummary training = manifest.training();
    PrintWriter out = spec.commandLine().getOut();
    out.printf("%s: %s version %d, checked (weights, blocks, encoder, prompts%s)%n", export.location(),
        manifest.format(), manifest.formatVersion(), pool == null ? "" : ", pool " + pool);
    out.printf("head: %s, %d parameters%n", coordinator.layout(), coordinator.layout().parameterCount());
    out.printf("encoder: %s%n", coordinator.encoder().key().replace('\n', ' '));
    out.printf("models: %s%n", String.join(", ", coordinator.modelList()));
    out.printf("prompts: %s; episode: %d turns, temperature %s, max %d tokens%n", coordinator.prompts().version(),
        coordinator.settings().maxTurns(), coordinator.settings().temperature(), coordinator.settings().maxTokens());
    if (training != null) {
      out.printf(Locale.ROOT, "training: run %s, seed %d, %d generations of %d candidates x %d tasks, %,d LLM calls, "
              + "$%.4f; %s%s; commit %s%s%n", training.runId(), training.seed(), training.generations(),
          training.population(), training.tasksPerGeneration(), training.llmCalls(), training.costUsd(),
          training.selected(), training.validationScore() == null ? ""
              : String.format(Locale.ROOT, " (validation %.3f)", training.validationScore()),
          training.gitCommit(), Boolean.TRUE.equals(training.gitDirty()) ? " with uncommitted changes" : "");
    }
    out.flush();
    return 0;
  }
}
