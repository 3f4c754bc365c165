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
import io.trinity.driver.spark.SparkContexts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
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
 * <p>Runs go one at a time by default, or {@code parallel} at a time; either way on one Spark context that the
 * experiment starts (Spark allows one per JVM) when the runs share their spark section. Each run keeps its own
 * gateway, budget and run directory.
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

  private final int parallel;

  public ExperimentJob(ExperimentPlan plan, String out) {
    this(plan, out, 1);
  }

  /** As above, training up to {@code parallel} runs at a time on one Spark context. */
  public ExperimentJob(ExperimentPlan plan, String out, int parallel) {
    if (parallel < 1) {
      throw new ConfigException("--parallel must be at least 1, got " + parallel);
    }
    this.plan = plan;
    this.out = out;
    this.parallel = parallel;
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
    LOG.info("experiment {}: {} cells x {} seeds = {} runs in {}{}", plan.file(), plan.cells().size(),
        plan.config().seeds().size(), runs.size(), root.location(), parallel > 1 ? ", " + parallel + " at a time"
            : "");
    SeedRun[] outcomes = new SeedRun[runs.size()];
    List<Integer> toTrain = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      RunKey run = runs.get(i);
      outcomes[i] = finishedRun(RunDirectory.open(run.location(), hadoop), run, configSha(run));
      if (outcomes[i] == null) {
        toTrain.add(i);
      } else {
        LOG.info(String.format(Locale.ROOT, "experiment: run %d/%d (cell %s, seed %d) finished before: skipped",
            i + 1, runs.size(), run.cell().id(), run.seed()));
      }
    }
    if (!toTrain.isEmpty()) {
      train(toTrain, outcomes, hadoop);
    }
    ExperimentSummary summary = Summaries.of(plan, Arrays.asList(outcomes));
    root.writeString("summary.json", json(summary));
    root.writeString("summary.md", summary.table());
    root.writeString("report.html", ExperimentPage.html(summary, "Trinity experiment " + plan.file().getFileName()));
    int skipped = runs.size() - toTrain.size();
    LOG.info("experiment: {} runs trained, {} finished before; summary.json, summary.md and report.html in {}",
        toTrain.size(), skipped, root.location());
    return new Result(summary, toTrain.size(), skipped);
  }

  /**
   * Trains the runs at {@code indices}, {@code parallel} at a time, on one Spark context when they share their
   * spark section (each then skips starting its own, a few seconds a run); otherwise each starts its own in turn.
   */
  private void train(List<Integer> indices, SeedRun[] outcomes, Configuration hadoop) {
    List<RunKey> runs = plan.runs();
    RunKey first = runs.get(indices.get(0));
    boolean shared = indices.stream().allMatch(i -> runs.get(i).config().spark().equals(first.config().spark()));
    if (parallel > 1) {
      if (!shared) {
        throw new ConfigException("--parallel runs share one Spark context, so every cell needs the same spark "
            + "section; " + plan.file() + " varies it (" + differing(indices, first) + "): drop --parallel or "
            + "the spark keys from the axes");
      }
      Integer port = first.config().gateway().port();
      if (first.config().gateway().url() == null && port != null && port != 0) {
        throw new ConfigException("--parallel starts a gateway per run, but the config fixes gateway.port " + port
            + " for all of them; leave it unset (a free port each) or drop --parallel");
      }
    }
    Progress progress = new Progress(runs.size(), runs.size() - indices.size(), indices.size());
    ExecutorService workers = Executors.newFixedThreadPool(parallel, new ThreadFactory() {
      private final AtomicInteger count = new AtomicInteger();

      @Override
      public Thread newThread(Runnable task) {
        return new Thread(task, "trinity-experiment-" + count.incrementAndGet());
      }
    });
    try (JavaSparkContext spark = shared ? SparkContexts.start(first.config().spark()) : null) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i : indices) {
        futures.add(workers.submit(() -> {
          outcomes[i] = trainOne(runs.get(i), i, spark, hadoop, progress);
        }));
      }
      try {
        for (Future<?> future : futures) {
          future.get();
        }
      } catch (ExecutionException e) {
        // The others stop too: what they finished is kept, and a rerun resumes the rest from their checkpoints.
        workers.shutdownNow();
        if (spark != null) {
          spark.cancelAllJobs();
        }
        awaitQuietly(workers);
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ExperimentStoppedException("interrupted; run the same command again to resume");
      }
    } finally {
      workers.shutdownNow();
    }
  }

  private SeedRun trainOne(RunKey run, int index, JavaSparkContext spark, Configuration hadoop,
      Progress progress) {
    RunDirectory folder = RunDirectory.open(run.location(), hadoop);
    boolean resume = folder.exists("checkpoint.json");
    folder.writeString("config.yaml", "# " + run.cell().id() + " at seed " + run.seed() + ": " + plan.config().base()
        + " with the experiment's settings (relative paths are relative to that file's folder)\n" + run.yaml());
    LOG.info(String.format(Locale.ROOT, "experiment: run %d/%d (cell %s, seed %d) %s", index + 1,
        plan.runs().size(), run.cell().id(), run.seed(), resume ? "resumed from its checkpoint" : "started"));
    long runStarted = System.nanoTime();
    TrainingJob job = new TrainingJob(run.config(), run.location(),
        resume ? TrainingJob.Existing.RESUME : TrainingJob.Existing.FAIL);
    TrainingJob.Result result = (spark == null ? job : job.onSpark(spark)).run();
    double seconds = (System.nanoTime() - runStarted) / 1e9;
    if (result.eval() == null) {
      throw new ExperimentStoppedException("cell " + run.cell().id() + " seed " + run.seed() + " ended without a "
          + "held-out comparison (the pool's budget is spent; see the log): raise the budget and run the same "
          + "command again to resume it");
    }
    SeedRun outcome = outcome(run, result, folder, seconds, configSha(run));
    // Written last: its presence is what makes a rerun skip this run.
    folder.writeString(SeedRun.FILE, json(outcome));
    progress.done(index, run, outcome, seconds);
    return outcome;
  }

  /** Runs done of the total, and the ETA from the wall time per run trained so far in this session. */
  private static final class Progress {
    private final int total;
    private final int toTrain;
    private final long started = System.nanoTime();
    private int done;
    private int trained;

    Progress(int total, int skipped, int toTrain) {
      this.total = total;
      this.done = skipped;
      this.toTrain = toTrain;
    }

    synchronized void done(int index, RunKey run, SeedRun outcome, double seconds) {
      done++;
      trained++;
      double elapsed = (System.nanoTime() - started) / 1e9;
      LOG.info(String.format(Locale.ROOT, "experiment: run %d/%d (cell %s, seed %d) done in %.0fs: held-out "
              + "accuracy %.3f, margin over %s %+.3f; %d/%d runs done, elapsed %s, ETA %s", index + 1, total,
          run.cell().id(), run.seed(), seconds, outcome.accuracy(), outcome.bestSingleModel(), outcome.margin(),
          done, total, clock(elapsed), clock(elapsed / trained * (toTrain - trained))));
    }
  }

  private String differing(List<Integer> indices, RunKey first) {
    return indices.stream().map(i -> plan.runs().get(i)).filter(r -> !r.config().spark().equals(
        first.config().spark())).findFirst().map(r -> "cell " + r.cell().id() + " vs " + first.cell().id())
        .orElse("");
  }

  private static void awaitQuietly(ExecutorService workers) {
    try {
      workers.awaitTermination(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String configSha(RunKey run) {
    return sha256(run.yaml().getBytes(StandardCharsets.UTF_8));
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
