package io.trinity.driver.cli;

import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.responses.ResponseFormatException;
import io.trinity.fitness.responses.ResponseGrading;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.LoadedTasks;
import io.trinity.fitness.task.TaskFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "grade", mixinStandardHelpOptions = true,
    description = "Grade raw LLM replies against a benchmark's tasks: one JSON line per reply "
        + "(task_id, extracted, correct, reason), then a summary line.")
final class GradeCommand implements Callable<Integer> {
  @Option(names = "--benchmark", required = true,
      description = "gsm8k, math (or math500), aime, mmlu, gpqa, custom, humaneval, mbpp, livecodebench")
  String benchmark;

  @Option(names = "--tasks", required = true, description = "tasks file (local path or Hadoop FS URI)")
  String tasks;

  @Option(names = "--responses", required = true,
      description = "JSON Lines of {\"task_id\": id or 1-based line number, \"response\": raw reply}")
  Path responses;

  @Option(names = "--out", description = "write the result lines here instead of standard output")
  Path out;

  @Option(names = "--sandbox-isolation", paramLabel = "bubblewrap|limits_only",
      description = "how code answers are isolated: bubblewrap (the default; grading refuses where it does not "
          + "work) or limits_only, resource limits alone, on purpose: NO network or file-system isolation")
  String sandboxIsolation = "bubblewrap";

  @Option(names = "--skip-bad-rows", description = "leave out task rows that do not fit the schema, and count them")
  boolean skipBadRows;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    Benchmark chosen;
    try {
      chosen = Benchmark.fromName(benchmark);
    } catch (IllegalArgumentException e) {
      err.println("error: --benchmark: " + e.getMessage());
      return 2;
    }
    IsolationPolicy isolation;
    try {
      isolation = IsolationPolicy.fromName(sandboxIsolation);
    } catch (IllegalArgumentException e) {
      err.println("error: --sandbox-isolation: " + e.getMessage());
      return 2;
    }
    LoadedTasks loaded = TaskFiles.builder(chosen).skipBadRows(skipBadRows).build().load(tasks);
    if (!loaded.skipped().isEmpty()) {
      err.println("warning: skipped " + loaded.skipped().size() + " bad rows of " + tasks + "; the first: "
          + loaded.skipped().get(0).getMessage());
    }
    if (loaded.tasks().isEmpty()) {
      err.println("error: " + tasks + " holds no tasks");
      return 2;
    }
    Graders graders = Graders.of(SandboxSettings.DEFAULT.withIsolation(isolation));
    if (loaded.tasks().stream().anyMatch(task -> task.format() == AnswerFormat.CODE)) {
      graders.sandbox(); // refuses now, before any reply is read, where code cannot be graded safely
    }
    ResponseGrading grading = new ResponseGrading(loaded.tasks(), chosen.wireName(), graders);
    ResponseGrading.Summary summary;
    try (InputStream in = Files.newInputStream(responses)) {
      if (out == null) {
        summary = grading.grade(in, responses.toString(), spec.commandLine().getOut());
      } else {
        try (Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
          summary = grading.grade(in, responses.toString(), writer);
        }
      }
    } catch (NoSuchFileException e) {
      err.println("error: responses file " + responses + " does not exist");
      return 2;
    } catch (ResponseFormatException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    err.println(String.format(Locale.ROOT, "graded %d responses: %d correct (%.1f%%), %d without an answer",
        summary.responses(), summary.correct(), 100 * summary.accuracy(), summary.noAnswer()));
    err.flush();
    return 0;
  }
}
