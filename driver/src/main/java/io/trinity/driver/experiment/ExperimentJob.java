package io.trinity.driver.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.ExperimentSummary;
import io.trinity.driver.eval.HeadComparison;
import io.trinity.driver.eval.PolicyScore;
import io.trinity.driver.eval.SeedRun;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.report.ExperimentPage;
import io.trinity.driver.train.GenerationMetrics;
import io.trinity.driver.train.TrainingJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an experiment's trainings one after another, each the same job as {@code trinity train} (Spark, the
 * gateway, training, the held-out comparison), into {@code OUT/cells/<cell>/seed-<s>/}, then writes the summary
 * ({@code summary.json}, {@code summary.md}) and {@code report.html} into {@code OUT}.
 *
 * <p>A run whose {@link SeedRun#FILE} exists is finished and skipped. A run without it is resumed from its
 * checkpoint when it has one (the training job continues where it stopped and gives what an uninterrupted run
 * gives; the held-out comparison is played again whole) and started afresh when it has none.
 *
 * <p>The runs go one at a time: a training job starts and stops its own Spark context (one per JVM), and each
 * run's gateway, budget and partitions are its own; running cells concurrently would need the job to take a
 * shared context.
 */
public final class ExperimentJob {
  private static final Logger LOG = LoggerFactory.getLogger(ExperimentJob.class);
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** What a job did: the summary, and how many runs it trained and how many it found finished. */
  public record Result(ExperimentSummary summary, int trained, int skipped) {}

  private final ExperimentPlan plan;
  private final String out;

  public ExperimentJob(ExperimentPlan plan, String out) {
    this.plan = plan;
    this.out = out;
  }

  public Result run() {
    Configuration hadoop = new Configuration();
    RunDirectory root = RunDirectory.open(out, hadoop);
    root.writeString("experiment.yaml", copyOf(plan));
    List<RunKey> runs = plan.runs();
    if (plan.config().seeds().size() < 5) {
      LOG.warn("{} seeds per cell: intervals over so few seeds are wide; five or more are advised",
          plan.config().seeds().size());
    }
    LOG.info("experiment {}: {} cells x {} seeds = {} runs in {}", plan.file(), plan.cells().size(),
        plan.config().seeds().size(), runs.size(), root.location());
    List<SeedRun> finished = new ArrayList<>();
    int trained = 0;
    int skipped = 0;
    double trainingSeconds = 0;
    long started = System.nanoTime();
    for (int i = 0; i < runs.size(); i++) {
      RunKey run = runs.get(i);
      RunDirectory folder = RunDirectory.open(run.location(), hadoop);
      String configSha = sha256(run.yaml().getBytes(StandardCharsets.UTF_8));
      SeedRun done = finishedRun(folder, run, configSha);
      if (done != null) {
        finished.add(done);
        skipped++;
        LOG.info(String.format(Locale.ROOT, "experiment: run %d/%d (cell %s, seed %d) finished before: skipped",
            i + 1, runs.size(), run.cell().id(), run.seed()));
        continue;
      }
      boolean resume = folder.exists("checkpoint.json");
      folder.writeString("config.yaml", "# " + run.cell().id() + " at seed " + run.seed() + ": " + plan.config().base()
          + " with the experiment's settings (relative paths are relative to that file's folder)\n" + run.yaml());
      LOG.info(String.format(Locale.ROOT, "experiment: run %d/%d (cell %s, seed %d) %s", i + 1, runs.size(),
          run.cell().id(), run.seed(), resume ? "resumed from its checkpoint" : "started"));
      long runStarted = System.nanoTime();
      TrainingJob.Result result = new TrainingJob(run.config(), run.location(),
          resume ? TrainingJob.Existing.RESUME : TrainingJob.Existing.FAIL).run();
      double seconds = (System.nanoTime() - runStarted) / 1e9;
      if (result.eval() == null) {
        throw new ExperimentStoppedException("cell " + run.cell().id() + " seed " + run.seed() + " ended without a "
            + "held-out comparison (the pool's budget is spent; see the log): raise the budget and run the same "
            + "command again to resume it");
      }
      SeedRun outcome = outcome(run, result, folder, seconds, configSha);
      // Written last: its presence is what makes a rerun skip this run.
      folder.writeString(SeedRun.FILE, json(outcome));
      finished.add(outcome);
      trained++;
      trainingSeconds += seconds;
      int left = runs.size() - i - 1;
      LOG.info(String.format(Locale.ROOT, "experiment: run %d/%d (cell %s, seed %d) done in %.0fs: held-out "
              + "accuracy %.3f, margin over %s %+.3f; elapsed %s, ETA %s", i + 1, runs.size(), run.cell().id(),
          run.seed(), seconds, outcome.accuracy(), outcome.bestSingleModel(), outcome.margin(),
          clock((System.nanoTime() - started) / 1e9), clock(trainingSeconds / trained * left)));
    }
    ExperimentSummary summary = Summaries.of(plan, finished);
    root.writeString("summary.json", json(summary));
    root.writeString("summary.md", summary.table());
    root.writeString("report.html", ExperimentPage.html(summary, "Trinity experiment " + plan.file().getFileName()));
    LOG.info("experiment: {} runs trained, {} finished before; summary.json, summary.md and report.html in {}",
        trained, skipped, root.location());
    return new Result(summary, trained, skipped);
  }

  /** The run's record when it finished with this config; null when it has to be (re)played. */
  private static SeedRun finishedRun(RunDirectory folder, RunKey run, String configSha) {
    if (!folder.exists(SeedRun.FILE)) {
      return null;
    }
    SeedRun done;
    try {
      done = JSON.readValue(folder.readString(SeedRun.FILE), SeedRun.class);
    } catch (IOException e) {
      // A marker cut short by a crash: the checkpoint is complete, so the run resumes and scores again.
      LOG.warn("{}/{} is unreadable ({}); the run is resumed", folder.location(), SeedRun.FILE, e.getMessage());
      return null;
    }
    if (!configSha.equals(done.configSha256())) {
      throw new ConfigException(folder.location() + " was trained with another config than cell " + run.cell().id()
          + " at seed " + run.seed() + " has now (its config.yaml shows the one it ran); the base config or the "
          + "experiment file changed: restore them or use another --out");
    }
    return done;
  }

  private static SeedRun outcome(RunKey run, TrainingJob.Result result, RunDirectory folder, double seconds,
      String configSha) {
    EvalReport eval = result.eval();
    PolicyScore head = eval.firstHead();
    HeadComparison comparison = eval.heads().get(0);
    List<GenerationMetrics> metrics = result.metrics();
    GenerationMetrics last = metrics.isEmpty() ? null : metrics.get(metrics.size() - 1);
    return new SeedRun(run.cell().id(), run.seed(), result.runId(), eval.n(),
        sha256(folder.readBytes(TrainingJob.HELD_OUT_FILE)), head.accuracy(), head.ci95(), eval.bestSingleModel(),
        eval.bestSingleAccuracy(), comparison.vsBestSingle().mean(), comparison.vsBestSingle().ci95(),
        eval.oracle().accuracy(), comparison.gapClosed(), head.meanCostUsd(), head.meanTurns(),
        last == null ? 0 : last.generation() + 1, last == null ? 0 : last.totalLlmCalls(),
        last == null ? 0 : last.totalCostUsd(), seconds, Instant.now().toString(), configSha);
  }

  private static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String copyOf(ExperimentPlan plan) {
    try {
      return Files.readString(plan.file());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + plan.file() + ": " + e.getMessage(), e);
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String clock(double seconds) {
    long s = Math.round(seconds);
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
