package io.trinity.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.PoolModels;
import io.trinity.driver.config.StatisticsSection;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.gateway.JobGateway;
import io.trinity.driver.gateway.JobSecrets;
import io.trinity.driver.gateway.PoolBudget;
import io.trinity.driver.gateway.Preflight;
import io.trinity.driver.gateway.RunStoppedException;
import io.trinity.driver.eval.BatchEvaluation;
import io.trinity.driver.eval.ConfidenceIntervals;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.Lineup;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.gateway.Spend;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.optimise.Optimiser;
import io.trinity.driver.io.TaskCatalog;
import io.trinity.driver.report.ReportPage;
import io.trinity.driver.spark.EvaluationRound;
import io.trinity.driver.spark.RoundFailedException;
import io.trinity.driver.spark.SparkContexts;
import io.trinity.fitness.task.TaskRecords;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training job's composition root: it reads the pool and the tasks, opens the run directory (resuming its
 * checkpoint), starts the gateway (unless an external one is configured) and Spark, and hands them to the
 * {@link GenerationLoop}. After training it scores the exported head on the held-out tasks against every baseline,
 * through the same {@link BatchEvaluation} as {@code trinity evaluate}.
 */
public final class TrainingJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** What to do when the output folder already holds a run. */
  public enum Existing { FAIL, RESUME, OVERWRITE }

  /** The held-out tasks, as a task file that {@code trinity evaluate} reads (benchmark {@code trinity}). */
  public static final String HELD_OUT_FILE = "held-out.jsonl";

  /** The held-out comparison's intervals: {@code trinity evaluate}'s defaults, so both print the same table. */
  private static final StatisticsSection STATISTICS = StatisticsSection.defaults();

  /**
   * The outcome of a job: the run's id, the exported head (the best validated optimiser mean, else the final mean)
   * with the coordinator it belongs to, the held-out comparison with the coordinator's own held-out records (in
   * the held-out tasks' order; empty without a comparison), and the metrics.
   */
  public record Result(String runId, float[] head, CoordinatorSpec coordinator, EvalReport eval,
      List<QuestionRecord> heldOutRecords, List<GenerationMetrics> metrics) {
    public HeadShape shape() {
      return coordinator.layout().shape();
    }

    public List<String> models() {
      return coordinator.modelList();
    }
  }

  private final TrainingConfig config;
  private final String out;
  private final Existing existing;
  private final Supplier<String> runTokens;
  private JavaSparkContext sharedSpark;

  public TrainingJob(TrainingConfig config, String out, Existing existing) {
    this(config, out, existing, JobGateway::newRunToken);
  }

  /** As above, drawing the in-process gateway's per-run token (when it needs one) from {@code runTokens}. */
  TrainingJob(TrainingConfig config, String out, Existing existing, Supplier<String> runTokens) {
    this.config = config;
    this.out = out;
    this.existing = existing;
    this.runTokens = runTokens;
  }

  /**
   * Runs on {@code spark}, which the caller started and stops, instead of a context of the job's own: Spark allows
   * one per JVM, and an experiment's runs share it (concurrently with {@code --parallel}).
   */
  public TrainingJob onSpark(JavaSparkContext spark) {
    this.sharedSpark = spark;
    return this;
  }

  public Result run() {
    long started = System.nanoTime();
    PoolConfig pool = PoolConfig.load(Path.of(config.pool().file()));
    List<String> models = PoolModels.select(pool, config.pool());
    Configuration hadoop = new Configuration();
    TaskSplit split = TaskSplit.of(TaskCatalog.load(config.tasks(), hadoop), config.tasks().heldOutFraction(),
        config.tasks().validationFraction(), config.run().seed());
    RunDirectory run = RunDirectory.open(out, hadoop);
    Checkpoint checkpoint = existingRun(run);
    CoordinatorSpec coordinator = new CoordinatorSpec(models.toArray(String[]::new), config.encoder().spec(),
        candidateLayout(models.size()), RolePrompts.CURRENT, config.episode().settings());
    CandidateLayout candidates = coordinator.layout();
    if (checkpoint != null) {
      checkCompatible(checkpoint, models, candidates);
    } else {
      // A head the optimiser refuses stops the job before the gateway and Spark start.
      Optimisers.create(config.optimiser(), config.run(), candidates);
    }
    Preflight.beforeJob(config.pool(), config.gateway(), pool, models, config.episode().settings());
    String runId = checkpoint != null && checkpoint.runId() != null ? checkpoint.runId() : newRunId();
    LOG.info("run {} in {}: {} training, {} validation and {} held-out tasks, pool {}, encoder {} (d = {}), {} "
            + "({} parameters)", runId, run.location(), split.train().length, split.validation().length,
        split.heldOut().length, models, config.encoder().type(), candidates.shape().dimension(), candidates,
        candidates.parameterCount());

    // Spark's start (seconds of class loading) and the answer key's check of wrong code in the sandbox (seconds
    // spent mostly waiting for the kernel) need nothing of each other, so they overlap. An experiment's runs share
    // one context, started before them.
    CompletableFuture<JavaSparkContext> sparkStarting =
        sharedSpark == null ? SparkContexts.startInBackground(config.spark()) : null;
    Path answerKey;
    try {
      answerKey = JobGateway.writeAnswerKey(run, split.tasks(), config.sandbox().settings());
      run.write(HELD_OUT_FILE, out -> TaskRecords.write(Arrays.stream(split.heldOut())
          .mapToObj(t -> split.tasks()[t]).toList(), out));
    } catch (RuntimeException | Error e) {
      if (sparkStarting != null) {
        SparkContexts.closeOnceStarted(sparkStarting);
      }
      throw e;
    }
    try (JavaSparkContext owned = sparkStarting == null ? null : SparkContexts.await(sparkStarting);
        JobGateway gateway = JobGateway.start(config.gateway(), pool, answerKey, budgetLeft(pool, checkpoint),
            runTokens)) {
      JavaSparkContext spark = owned != null ? owned : sharedSpark;
      int partitions = config.spark().partitions() == null ? spark.defaultParallelism()
          : config.spark().partitions();
      try (EvaluationRound round = new EvaluationRound(spark, split.tasks(), gateway.endpoint(), models,
          config.episode().maxInFlight(), partitions, config.sandbox().settings(), config.episode().failures())) {
        Optimiser optimiser = checkpoint == null ? Optimisers.create(config.optimiser(), config.run(), candidates)
            : Optimisers.restore(checkpoint, JSON);
        PoolBudget budget = gateway.budget();
        EpisodeLog episodeLog = new EpisodeLog(config.run().episodeLog().perGeneration(), config.run().seed(), run,
            split.tasks(), JobSecrets.of(pool, config.gateway(), gateway.endpoint(), System.getenv()));
        GenerationLoop.Trained trained = new GenerationLoop(config.run(), split, coordinator, round, run,
            gateway.inProcess(), budget, runId, episodeLog).run(optimiser, checkpoint, started);
        List<GenerationMetrics> metrics = trained.metrics();
        float[] head = trained.head();
        BatchEvaluation.Outcome heldOut = null;
        if (trained.budgetSpent()) {
          LOG.warn("the pool's budget is spent: training stopped after generation {} with its checkpoint in {}; "
              + "the held-out comparison is skipped (raise the budget and --resume to go on)",
              metrics.isEmpty() ? 0 : metrics.get(metrics.size() - 1).generation() + 1, run.location());
        } else if (split.heldOut().length > 0) {
          heldOut = new BatchEvaluation(round, split.tasks(), models, split.heldOut().length,
              new ConfidenceIntervals(STATISTICS.resamples(), STATISTICS.seed(), STATISTICS.confidence()),
              budget::spent, false)
              .run(split.heldOut(), List.of(new Lineup.Head(headName(runId), coordinator, head)), Lineup.all(),
                  List.of(), records -> { });
          if (heldOut.complete()) {
            run.writeString("eval.json", JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(heldOut.report()) + "\n");
            run.writeString("report.html", ReportPage.html(heldOut.report(), "Trinity run " + runId
                + ": held-out comparison"));
            LOG.info("held-out comparison written to {}/eval.json and report.html", run.location());
          } else {
            heldOut = null;
          }
        }
        gateway.logTotals();
        return new Result(runId, head, coordinator, heldOut == null ? null : heldOut.report(),
            heldOut == null ? List.of() : heldOut.records().subList(0, split.heldOut().length), metrics);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (RoundFailedException e) {
        gateway.logTotals();
        LOG.debug("the run stopped", e);
        throw RunStoppedException.of(e, pool, run.exists(Checkpoint.FILE) ? "its checkpoint in " + run.location()
            + " is intact: fix this, then --resume" : "no generation had completed: fix this and run again");
      }
    }
  }

  /** The head's name in evaluation reports: the run's id, as the serving and evaluation jobs name it too. */
  public static String headName(String runId) {
    return ExportedHead.nameOf(runId);
  }

  /** A new run's id: short, random, and safe in file and model names. */
  private static String newRunId() {
    return String.format("%012x", new SecureRandom().nextLong() & 0xffffffffffffL);
  }

  /**
   * The candidates' vector for the configured encoder and head. For qwen3 only config.json is read here: the
   * driver needs the hidden size and the SVF targets' shapes, never the weights.
   */
  private CandidateLayout candidateLayout(int models) {
    if (!config.encoder().isQwen3()) {
      return layout(new HeadShape(config.encoder().dimension(), models), new int[0]);
    }
    Qwen3Config model;
    try {
      model = config.encoder().modelConfig();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    return layout(new HeadShape(model.hiddenSize(), models), config.encoder().svfRanks(model));
  }

  private CandidateLayout layout(HeadShape shape, int[] svfRanks) {
    return new CandidateLayout(shape, config.encoder().headType(),
        config.encoder().rank() == null ? 0 : config.encoder().rank(),
        config.encoder().isQwen3() ? config.encoder().svf().toArray(String[]::new) : new String[0], svfRanks);
  }

  private Checkpoint existingRun(RunDirectory run) {
    boolean present = run.exists(Checkpoint.FILE);
    if (existing == Existing.RESUME && !present) {
      throw new ConfigException("--resume: " + run.location() + " holds no " + Checkpoint.FILE);
    }
    if (existing == Existing.FAIL && present) {
      throw new ConfigException(run.location() + " already holds a run (" + Checkpoint.FILE
          + "); pass --resume to continue it or choose another --out");
    }
    if (existing != Existing.RESUME) {
      return null;
    }
    try {
      return JSON.readValue(run.readString(Checkpoint.FILE), Checkpoint.class);
    } catch (IOException e) {
      throw new ConfigException(run.location() + "/" + Checkpoint.FILE + " is not a readable checkpoint: "
          + e.getMessage(), e);
    }
  }

  private void checkCompatible(Checkpoint checkpoint, List<String> models, CandidateLayout candidates) {
    if (checkpoint.version() != Checkpoint.VERSION && checkpoint.version() != Checkpoint.VERSION_SEP_CMA_ES_ONLY) {
      throw new ConfigException("checkpoint version " + checkpoint.version() + " is not supported (expected "
          + Checkpoint.VERSION_SEP_CMA_ES_ONLY + " or " + Checkpoint.VERSION + ")");
    }
    if (!Optimisers.typeOf(checkpoint).equals(config.optimiser().type())) {
      throw new ConfigException("the checkpoint was made with optimiser.type " + Optimisers.typeOf(checkpoint)
          + "; the config now has " + config.optimiser().type() + ": resume with the same config");
    }
    if (!checkpoint.models().equals(models) || checkpoint.parameterCount() != candidates.parameterCount()
        || checkpoint.seed() != config.run().seed()) {
      throw new ConfigException("the checkpoint was made with pool models " + checkpoint.models() + ", "
          + checkpoint.parameterCount() + " parameters and seed " + checkpoint.seed() + "; the config now has "
          + models + ", " + candidates.parameterCount() + " and " + config.run().seed()
          + ": resume with the same config");
    }
  }

  /** The pool's budget, less what this run paid before it was resumed. */
  private static Budget budgetLeft(PoolConfig pool, Checkpoint checkpoint) {
    Budget budget = pool.settings().budget();
    Spend paid = checkpoint == null ? null : checkpoint.paid();
    if (paid == null || budget.equals(Budget.UNLIMITED)) {
      return budget;
    }
    Budget left = paid.leftOf(budget);
    LOG.info(String.format(Locale.ROOT, "the pool's budget %s, less what this run paid before (%,d calls, %,d "
        + "tokens, $%.4f), leaves %s", budget, paid.calls(), paid.tokens(), paid.costUsd(), left));
    return left;
  }
}
