package io.trinity.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.es.Objective;
import io.trinity.driver.es.SepCmaEs;
import io.trinity.driver.es.SepCmaEsParameters;
import io.trinity.driver.es.StopCriteria;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.HeldOutEvaluation;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.spark.EncoderSpec;
import io.trinity.driver.spark.PlayEpisodes;
import io.trinity.driver.spark.SparkContexts;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.head.HeadShape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training job: sep-CMA-ES on the driver, episodes on the executors. Each generation picks m training
 * queries, asks lambda candidates, plays lambda x m episodes through the gateway, tells the optimiser the mean
 * rewards, then writes metrics and a checkpoint. At the end it exports the mean head and compares it with every
 * single pool model on the held-out tasks.
 */
public final class TrainingJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);
  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  /** What to do when the output folder already holds a run. */
  public enum Existing { FAIL, RESUME, OVERWRITE }

  /** Validation rounds use samples of their own, apart from every training generation's. */
  static final int VALIDATION_SAMPLE_INDEX = 1_000_000_000;

  /**
   * The outcome of a job: the exported head (the best validated optimiser mean, else the final mean), its
   * metrics and the held-out comparison.
   */
  public record Result(float[] head, HeadShape shape, List<String> models, EvalReport eval,
      List<GenerationMetrics> metrics) {}

  private final TrainingConfig config;
  private final String out;
  private final Existing existing;

  public TrainingJob(TrainingConfig config, String out, Existing existing) {
    this.config = config;
    this.out = out;
    this.existing = existing;
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
    EncoderSpec encoder = EncoderSpec.of(config.encoder());
    CandidateLayout candidates = candidateLayout(models.size());
    HeadShape shape = candidates.shape();
    if (checkpoint != null) {
      checkCompatible(checkpoint, models, candidates);
    }
    LOG.info("run {}: {} training, {} validation and {} held-out tasks, pool {}, encoder {} (d = {}), {} head "
            + "{} ({} parameters)", run.location(), split.train().length, split.validation().length,
        split.heldOut().length, models, config.encoder().type(), shape.dimension(), candidates.headType(),
        candidates.layout().names(), candidates.parameterCount());

    Path answerKey = writeAnswerKey(run, split.tasks());
    try (GatewayServer gateway = startGateway(pool, answerKey, checkpoint);
        JavaSparkContext spark = SparkContexts.start(config.spark())) {
      PlayEpisodes.Endpoint endpoint = gateway == null
          ? new PlayEpisodes.Endpoint(config.gateway().url(), config.gateway().apiKeyEnv())
          : new PlayEpisodes.Endpoint("http://" + config.gateway().advertiseHost() + ":" + gateway.port() + "/v1",
              null);
      int partitions = config.spark().partitions() == null ? spark.defaultParallelism()
          : config.spark().partitions();
      EpisodeEvaluator evaluator = new EpisodeEvaluator(spark, split.tasks(), endpoint, models,
          config.episode().settings(), encoder, candidates, partitions);
      try {
        SepCmaEs es = checkpoint == null ? newOptimizer(candidates) : SepCmaEs.restore(checkpoint.optimizer());
        PoolBudget budget = gateway != null ? PoolBudget.of(gateway)
            : PoolBudget.external(config.gateway().url(), config.gateway().apiKeyEnv() == null ? null
                : System.getenv(config.gateway().apiKeyEnv()));
        Trained trained = train(es, evaluator, split, candidates, models, run, checkpoint, started, gateway,
            budget);
        List<GenerationMetrics> metrics = trained.metrics();
        float[] head = trained.head();
        HeadExport.write(run, head, candidates, models, config, metrics, es.sigma(), trained.selected());
        EvalReport eval = null;
        if (trained.budgetSpent()) {
          LOG.warn("the pool's budget is spent: training stopped after generation {} with its checkpoint in {}; "
              + "the held-out comparison is skipped (raise the budget and --resume to go on)",
              metrics.isEmpty() ? 0 : metrics.get(metrics.size() - 1).generation() + 1, run.location());
        } else if (split.heldOut().length > 0) {
          eval = HeldOutEvaluation.run(evaluator, split.tasks(), split.heldOut(), shape, head, models);
          run.writeString("eval.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsString(eval) + "\n");
          LOG.info("held-out comparison written to {}/eval.json", run.location());
        }
        if (gateway != null) {
          var total = gateway.accounting().total();
          LOG.info(String.format("gateway: %,d paid calls, %,d answered from the cache or coalesced, %,d retries, "
              + "%,d failed calls, $%.4f", total.upstreamCalls(), total.cacheHits(), gateway.retries(),
              total.failures(), total.costUsd()));
        }
        return new Result(head, shape, models, eval, metrics);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        evaluator.close();
      }
    }
  }

  /**
   * What training hands on: its metrics, the head to export (the best validated mean, else the last mean) and,
   * when there was validation, which mean that was.
   */
  private record Trained(List<GenerationMetrics> metrics, float[] head, Checkpoint.ValidatedHead selected,
      boolean budgetSpent) {}

  private Trained train(SepCmaEs es, EpisodeEvaluator evaluator, TaskSplit split, CandidateLayout layout,
      List<String> models, RunDirectory run, Checkpoint checkpoint, long started, GatewayServer gateway,
      PoolBudget budget) throws IOException {
    HeadShape shape = layout.shape();
    int generations = config.run().generations();
    int m = config.run().queriesPerGeneration();
    double penalty = config.run().costPenalty();
    MetricsLog metrics = MetricsLog.open(run, es.generation());
    Spend spent = checkpoint == null ? Spend.ZERO : checkpoint.spent();
    Spend paidBefore = checkpoint == null || checkpoint.paid() == null ? Spend.ZERO : checkpoint.paid();
    Checkpoint last = checkpoint;
    Checkpoint.ValidatedHead best = checkpoint == null ? null : checkpoint.best();
    double wallBefore = checkpoint == null ? 0 : checkpoint.wallSeconds();
    long sessionStart = System.nanoTime();
    int firstGeneration = es.generation();
    boolean budgetSpent = false;
    for (int g = es.generation(); g < generations; g++) {
      if (budget.spent()) {
        budgetSpent = true;
        break;
      }
      long generationStart = System.nanoTime();
      int[] queries = split.queriesFor(config.run().seed(), g, m);
      double[] mean = es.mean();
      double[][] candidates = es.ask();
      // The last head is the optimiser's mean: its score on the same queries shows how the mean improves, at
      // 1/lambda of the generation's episodes, and is not told to the optimiser.
      int meanIndex = candidates.length;
      float[][] heads = new float[candidates.length + 1][];
      heads[meanIndex] = toFloats(mean);
      List<EpisodeUnit> units = new ArrayList<>(heads.length * queries.length);
      for (int c = 0; c < heads.length; c++) {
        if (c < meanIndex) {
          heads[c] = toFloats(candidates[c]);
        }
        for (int q : queries) {
          units.add(EpisodeUnit.coordinator(g, c, q));
        }
      }
      // The generation is the sample index: its candidates share samples (common random numbers), and a query
      // seen again in a later generation gets fresh ones, so a head cannot learn which replies happened to be lucky.
      List<EpisodeOutcome> outcomes;
      try {
        outcomes = evaluator.evaluate(new EvaluationPlan(g, shape, heads), units);
      } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
        if (budget.spent()) {
          // The budget ran out inside this generation: drop it; the last checkpoint stays the run's state.
          budgetSpent = true;
          break;
        }
        throw e;
      }
      double[] scores = new double[heads.length];
      for (EpisodeOutcome outcome : outcomes) {
        scores[outcome.unit().candidate()] += outcome.result().reward() - penalty * outcome.result().cost();
      }
      for (int c = 0; c < scores.length; c++) {
        scores[c] /= queries.length;
      }
      double[] fitness = Arrays.copyOf(scores, candidates.length);
      es.tell(candidates, fitness);
      spent = spent.plus(Spend.of(outcomes));

      Double validationScore = null;
      boolean validate = split.validation().length > 0
          && ((g + 1) % config.run().validateEvery() == 0 || g == generations - 1);
      if (validate) {
        double[] current = es.mean();
        List<EpisodeOutcome> validation;
        try {
          validation = validate(evaluator, split, shape, current, g);
        } catch (Exception e) {
          if (budget.spent()) {
            budgetSpent = true;
            break;
          }
          throw e;
        }
        spent = spent.plus(Spend.of(validation));
        validationScore = validation.stream().mapToDouble(o -> o.result().reward()).average().orElse(0);
        if (best == null || validationScore > best.score()) {
          best = new Checkpoint.ValidatedHead(g, validationScore, current);
        }
      }
      double wall = wallBefore + seconds(started);
      GenerationMetrics line = GenerationMetrics.of(g, fitness, scores[meanIndex], validationScore, es.sigma(),
          outcomes, spent, seconds(generationStart), models);
      if (gateway != null) {
        line = line.withGatewayAccounts(GenerationAccounts.of(gateway.accounting(), g));
      }
      metrics.append(line);
      last = new Checkpoint(Checkpoint.VERSION, config.run().seed(), models, layout.parameterCount(), es.state(),
          best, spent, wall, paid(paidBefore, gateway));
      run.writeString(Checkpoint.FILE, JSON.writeValueAsString(last));
      double perGeneration = seconds(sessionStart) / (g + 1 - firstGeneration);
      LOG.info(String.format("generation %d/%d  best %.3f  mean %.3f  median %.3f  mean head %.3f%s  sigma %.4f  "
              + "calls %,d  tokens %,d  cost $%.4f  %.1fs/gen  ETA %s", g + 1, generations, line.bestFitness(),
          line.meanFitness(), line.medianFitness(), line.meanHeadFitness(),
          validationScore == null ? "" : String.format("  validation %.3f (best %.3f)", validationScore,
              best.score()),
          es.sigma(), spent.calls(), spent.tokens(), spent.costUsd(), perGeneration,
          eta(perGeneration * (generations - g - 1))));
    }
    if (budgetSpent && last != null && gateway != null) {
      // The cut-short generation's calls were paid too; a resume must not get them back as budget.
      run.writeString(Checkpoint.FILE, JSON.writeValueAsString(last.withPaid(paid(paidBefore, gateway))));
    }
    return new Trained(metrics.lines(), toFloats(best == null ? es.mean() : best.head()), best, budgetSpent);
  }

  /** What the in-process gateway has paid over the run's sessions; null with an external gateway. */
  private static Spend paid(Spend paidBefore, GatewayServer gateway) {
    return gateway == null ? null : paidBefore.plus(Spend.paid(gateway.accounting().total()));
  }

  /** Scores a head on every validation task, always with the same samples so scores compare across rounds. */
  private static List<EpisodeOutcome> validate(EpisodeEvaluator evaluator, TaskSplit split, HeadShape shape,
      double[] head, int generation) {
    List<EpisodeUnit> units = new ArrayList<>(split.validation().length);
    for (int task : split.validation()) {
      units.add(EpisodeUnit.coordinator(generation, 0, task));
    }
    return evaluator.evaluate(new EvaluationPlan(VALIDATION_SAMPLE_INDEX, shape, new float[][] {toFloats(head)}),
        units);
  }

  /**
   * The candidates' vector for the configured encoder and head. For qwen3 only config.json is read here: the
   * driver needs the hidden size and the SVF targets' shapes, never the weights.
   */
  private CandidateLayout candidateLayout(int models) {
    if (!config.encoder().isQwen3()) {
      return CandidateLayout.of(config.encoder(), new HeadShape(config.encoder().dimension(), models), new int[0]);
    }
    Qwen3Config model;
    try {
      model = config.encoder().modelConfig();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
    return CandidateLayout.of(config.encoder(), new HeadShape(model.hiddenSize(), models),
        config.encoder().svfRanks(model));
  }

  private SepCmaEs newOptimizer(CandidateLayout candidates) {
    int parameters = candidates.parameterCount();
    SepCmaEs.Builder builder = SepCmaEs.builder()
        .dimension(parameters)
        .initialMean(candidates.initialMean())
        .sigma(config.run().sigma0())
        .seed(config.run().seed())
        .mirrored(config.run().mirrored())
        .objective(Objective.MAXIMIZE)
        // The run's length is the configured number of generations; rewards in [0, 1] plateau too
        // often for tolFun-style criteria to mean convergence.
        .stopCriteria(StopCriteria.none());
    int population = config.run().population() != null ? config.run().population()
        : SepCmaEsParameters.defaultPopulationSize(parameters);
    // Mirrored pairs need an even population; the default one is rounded up.
    builder.populationSize(config.run().mirrored() && population % 2 != 0 ? population + 1 : population);
    return builder.build();
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
    if (checkpoint.version() != Checkpoint.VERSION) {
      throw new ConfigException("checkpoint version " + checkpoint.version() + " is not supported (expected "
          + Checkpoint.VERSION + ")");
    }
    if (!checkpoint.models().equals(models) || checkpoint.parameterCount() != candidates.parameterCount()
        || checkpoint.seed() != config.run().seed()) {
      throw new ConfigException("the checkpoint was made with pool models " + checkpoint.models() + ", "
          + checkpoint.parameterCount() + " parameters and seed " + checkpoint.seed() + "; the config now has "
          + models + ", " + candidates.parameterCount() + " and " + config.run().seed()
          + ": resume with the same config");
    }
  }

  /** The answer key goes next to the run when the run is local, else to a local temporary file for the sim. */
  private static Path writeAnswerKey(RunDirectory run, Task[] tasks) {
    try {
      Path key = run.isLocal() ? run.localPath("answer-key.jsonl")
          : Files.createTempFile("trinity-answer-key", ".jsonl");
      try (OutputStream outStream = Files.newOutputStream(key)) {
        AnswerKey.write(Arrays.asList(tasks), outStream);
      }
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the answer key: " + e.getMessage(), e);
    }
  }

  private GatewayServer startGateway(PoolConfig pool, Path answerKey, Checkpoint checkpoint) {
    if (config.gateway().url() != null) {
      LOG.info("using the external gateway at {}", config.gateway().url());
      return null;
    }
    Budget budget = pool.settings().budget();
    Spend paid = checkpoint == null ? null : checkpoint.paid();
    if (paid != null && !budget.equals(Budget.UNLIMITED)) {
      Budget left = paid.leftOf(budget);
      LOG.info(String.format(Locale.ROOT, "the pool's budget %s, less what this run paid before (%,d calls, %,d "
          + "tokens, $%.4f), leaves %s", budget, paid.calls(), paid.tokens(), paid.costUsd(), left));
      budget = left;
    }
    GatewayServer gateway = GatewayServer.builder()
        .pool(pool)
        .answerKey(answerKey)
        .budget(budget)
        .host(config.gateway().bindHost())
        .port(0)
        .build();
    gateway.start();
    LOG.info("gateway started in-process at {}", gateway.baseUrl());
    return gateway;
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String eta(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
