package io.trinity.driver.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.EvaluationConfig;
import io.trinity.driver.config.HeadSource;
import io.trinity.driver.config.PoolModels;
import io.trinity.driver.eval.BatchEvaluation;
import io.trinity.driver.eval.ConfidenceIntervals;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.Lineup;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.gateway.JobGateway;
import io.trinity.driver.gateway.Preflight;
import io.trinity.driver.gateway.RunStoppedException;
import io.trinity.driver.gateway.Spend;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.io.TaskCatalog;
import io.trinity.driver.report.ReportPage;
import io.trinity.driver.spark.EvaluationRound;
import io.trinity.driver.spark.RoundFailedException;
import io.trinity.driver.spark.SparkContexts;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.workers.export.ExportException;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.export.ReadOptions;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch evaluation job's composition root: it reads and checks every head, question and the pool before any
 * call is paid for, starts the gateway (unless an external one is configured) and Spark, plays the heads and the
 * baselines through {@link BatchEvaluation}, and writes {@code eval.json}, the per-question records (JSON Lines
 * and Parquet) and {@code report.html} to the output folder.
 */
public final class EvaluationJob {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationJob.class);
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /** The figures (null when the pool's budget cut the evaluation short) and where everything was written. */
  public record Result(EvalReport report, String location) {
    public boolean complete() {
      return report != null;
    }
  }

  private final EvaluationConfig config;
  private final String out;
  private final boolean resume;
  private final boolean transcripts;

  /** With {@code transcripts} the records keep every turn's reply (records.jsonl and records.parquet grow). */
  public EvaluationJob(EvaluationConfig config, String out, boolean resume, boolean transcripts) {
    this.config = config;
    this.out = out;
    this.resume = resume;
    this.transcripts = transcripts;
  }

  public Result run() {
    PoolConfig pool = PoolConfig.load(Path.of(config.pool().file()));
    List<String> models = PoolModels.select(pool, config.pool());
    Configuration hadoop = new Configuration();
    List<Lineup.Head> heads = readHeads(models, hadoop);
    Task[] tasks = readTasks(hadoop);
    Lineup lineup = new Lineup(config.baselines().randomRouters(), config.baselines().routerTurns(),
        config.baselines().majorityVote(), config.baselines().selfConsistency(), config.baselines().pipeline(),
        config.episode().over(heads.get(0).coordinator().settings()));
    ConfidenceIntervals intervals = new ConfidenceIntervals(config.statistics().resamples(),
        config.statistics().seed(),
        config.statistics().confidence());
    Preflight.beforeJob(config.pool(), config.gateway(), pool, models, lineup.settings());

    RunDirectory run = RunDirectory.open(out, hadoop);
    String plan = plan(heads, tasks, models, lineup, intervals, transcripts);
    EvaluationState state = resume ? EvaluationState.resume(run, plan) : EvaluationState.start(run, plan);
    List<QuestionRecord> done = state.played();
    LOG.info("evaluating {} head(s) on {} questions against the baselines, pool {}{}", heads.size(), tasks.length,
        models, done.isEmpty() ? "" : " (" + done.size() + " episodes played before)");

    Path answerKey = JobGateway.writeAnswerKey(run, tasks, config.sandbox().settings());
    try (JobGateway gateway = JobGateway.start(config.gateway(), pool, answerKey,
        budgetLeft(pool.settings().budget(), done));
        JavaSparkContext spark = SparkContexts.start(config.spark())) {
      int partitions = config.spark().partitions() == null ? spark.defaultParallelism()
          : config.spark().partitions();
      BatchEvaluation.Outcome outcome;
      try (EvaluationRound round = new EvaluationRound(spark, tasks, gateway.endpoint(), models,
          config.episode().maxInFlight(), partitions, config.sandbox().settings(), config.episode().failures())) {
        outcome = new BatchEvaluation(round, tasks, models, config.chunkQuestions(), intervals,
            gateway.budget()::spent, transcripts).run(IntStream.range(0, tasks.length).toArray(), heads, lineup, done,
            state::save);
      } catch (RoundFailedException e) {
        gateway.logTotals();
        LOG.debug("the evaluation stopped", e);
        throw RunStoppedException.of(e, pool, "the episodes played so far are saved in " + run.location()
            + ": fix this, then --resume");
      }
      gateway.logTotals();
      if (!outcome.complete()) {
        return new Result(null, run.location());
      }
      run.writeString("eval.json", JSON.writeValueAsString(outcome.report()) + "\n");
      run.write("records.jsonl", stream -> stream.write(RecordFiles.jsonLines(outcome.records())));
      RecordFiles.parquet(spark, run, "records.parquet", outcome.records());
      run.writeString("report.html", ReportPage.html(outcome.report(), "Trinity evaluation: "
          + String.join(", ", heads.stream().map(Lineup.Head::name).toList())));
      LOG.info("evaluation written to {}: eval.json, records.jsonl, records.parquet, report.html", run.location());
      return new Result(outcome.report(), run.location());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The pool's budget less what the episodes played before a resume paid, so that a budget bounds the whole
   * evaluation, as it bounds a resumed training run. (Calls of a chunk cut short by the budget were paid but not
   * saved; they are not counted here.)
   */
  private static Budget budgetLeft(Budget budget, List<QuestionRecord> played) {
    if (played.isEmpty() || budget.equals(Budget.UNLIMITED)) {
      return budget;
    }
    Spend paid = new Spend(played.stream().mapToLong(QuestionRecord::calls).sum(),
        played.stream().mapToLong(QuestionRecord::promptTokens).sum(),
        played.stream().mapToLong(QuestionRecord::completionTokens).sum(),
        played.stream().mapToDouble(QuestionRecord::costUsd).sum());
    Budget left = paid.leftOf(budget);
    LOG.info(String.format(java.util.Locale.ROOT, "the pool's budget %s, less what the episodes played before paid "
        + "(%,d calls, %,d tokens, $%.4f), leaves %s", budget, paid.calls(), paid.tokens(), paid.costUsd(), left));
    return left;
  }

  /** Every head, read and checked against the pool before anything is played. */
  private List<Lineup.Head> readHeads(List<String> models, Configuration hadoop) {
    List<Lineup.Head> heads = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < config.heads().size(); i++) {
      HeadSource source = config.heads().get(i);
      String key = "heads[" + i + "]";
      ExportedHead export;
      try {
        RunDirectory directory = RunDirectory.existing(source.path(), hadoop);
        export = HeadExports.read(directory, new ReadOptions(source.model() == null ? null : Path.of(source.model()),
            models, source.allowPromptChange()));
      } catch (UncheckedIOException | ExportException e) {
        throw new ExportException(key + ".path: " + e.getMessage(), e);
      }
      String name = source.name() != null ? source.name() : export.defaultName();
      if (!names.add(name) || models.contains(name) || Lineup.isBaselineName(name)) {
        throw new ConfigException(key + ".name: '" + name + "' names another head, a pool model or a baseline; "
            + "give each head its own name");
      }
      heads.add(new Lineup.Head(name, export.spec(), export.candidate()));
    }
    return heads;
  }

  private Task[] readTasks(Configuration hadoop) {
    List<Task> tasks = TaskCatalog.load(config.tasks().asTasksSection(), hadoop);
    Map<String, Integer> seen = new HashMap<>();
    for (Task task : tasks) {
      if (seen.merge(task.id(), 1, Integer::sum) > 1) {
        throw new ConfigException("tasks: question id '" + task.id() + "' appears twice; each question is scored "
            + "once, so ids must be unique across the task files");
      }
    }
    return tasks.toArray(Task[]::new);
  }

  /** What this evaluation plays, so that a resume can tell it is the same one. */
  private static String plan(List<Lineup.Head> heads, Task[] tasks, List<String> models, Lineup lineup,
      ConfidenceIntervals intervals, boolean transcripts) {
    ObjectNode plan = JSON.createObjectNode();
    ArrayNode headNodes = plan.putArray("heads");
    for (Lineup.Head head : heads) {
      ObjectNode node = headNodes.addObject().put("name", head.name())
          .put("weights", java.util.Arrays.hashCode(head.vector()));
      node.putPOJO("models", head.coordinator().modelList());
    }
    ArrayNode questions = plan.putArray("questions");
    for (Task task : tasks) {
      questions.add(task.id());
    }
    plan.putPOJO("pool", models);
    plan.put("lineup", lineup.toString());
    plan.put("transcripts", transcripts);
    plan.put("statistics", intervals.resamples() + " resamples, seed " + intervals.seed() + ", level "
        + intervals.level());
    try {
      return JSON.writeValueAsString(plan) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
