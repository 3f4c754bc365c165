package io.trinity.driver.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.eval.CategoryScore;
import io.trinity.driver.eval.EvalReport;
import io.trinity.driver.eval.HeadComparison;
import io.trinity.driver.eval.PolicyKind;
import io.trinity.driver.eval.PolicyScore;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.driver.train.TrainingJob;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import io.trinity.fitness.task.TaskRecords;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trinity evaluate} end to end on local Spark with the simulated pool: a trained head and an all-zero head
 * against every baseline, on every fourth and then on all 408 of the training run's held-out questions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationJobTest {
  private static final int POLICIES = 2 + 4 + 3 + 1 + 1 + 1 + 1;

  @TempDir
  static Path dir;

  private TrainingJob.Result trained;
  private Path pool;
  private Path zeroHead;
  private EvaluationJob.Result small;
  private EvaluationJob.Result full;

  @BeforeAll
  void trainAndEvaluate() throws Exception {
    Path run = dir.resolve("run");
    trained = new TrainingJob(TrainingFixtures.config(dir, 8, 16, 8, 16, ""), run.toString(),
        TrainingJob.Existing.FAIL).run();
    pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    zeroHead = dir.resolve("zero-head");
    HeadExports.write(RunDirectory.open(zeroHead.toString(), new Configuration()), trained.coordinator(),
        new float[trained.head().length], null);

    List<Task> heldOut;
    try (InputStream in = Files.newInputStream(run.resolve(TrainingJob.HELD_OUT_FILE))) {
      heldOut = Benchmark.TRINITY.load(in, TrainingJob.HELD_OUT_FILE);
    }
    Path few = dir.resolve("few.jsonl");
    try (OutputStream out = Files.newOutputStream(few)) {
      // Every fourth question: a smaller sample of the same mix.
      TaskRecords.write(java.util.stream.IntStream.range(0, heldOut.size()).filter(i -> i % 4 == 0)
          .mapToObj(heldOut::get).toList(), out);
    }
    small = evaluate(few, "small", true);
    full = evaluate(run.resolve(TrainingJob.HELD_OUT_FILE), "full", false);
  }

  private EvaluationJob.Result evaluate(Path tasks, String out, boolean transcripts) throws Exception {
    Path config = dir.resolve(out + ".yaml");
    Files.writeString(config, """
        heads:
          - path: run
          - path: zero-head
            name: zero-head
        tasks:
          files:
            - {benchmark: trinity, path: %s}
        pool:
          file: %s
        statistics:
          resamples: 1000
          seed: 3
        chunk_questions: 20
        spark:
          master: local[2]
          conf:
            spark.ui.enabled: "false"
        """.formatted(tasks, pool));
    return new EvaluationJob(ConfigLoader.loadEvaluation(config), dir.resolve(out).toString(), false, transcripts)
        .run();
  }

  @Test
  void theTrainedHeadScoresExactlyAsInTheTrainingJob() {
    EvalReport report = full.report();
    String name = TrainingJob.headName(trained.runId());
    assertEquals(trained.eval().firstHead().accuracy(), report.policy(name).accuracy());
    assertEquals(trained.eval().bestSingleModel(), report.bestSingleModel());
    for (PolicyScore single : report.ofKind(PolicyKind.SINGLE_MODEL)) {
      assertEquals(trained.eval().policy(single.policy()).accuracy(), single.accuracy(), single.policy());
    }
    assertEquals(trained.eval().oracle().accuracy(), report.oracle().accuracy());
  }

  @Test
  void everyPolicyIsScoredOnEveryQuestionOnceAndTheParquetSaysSo() throws Exception {
    for (EvaluationJob.Result result : List.of(small, full)) {
      EvalReport report = result.report();
      assertEquals(POLICIES, report.policies().size(), report.table());
      SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
          .getOrCreate();
      try {
        Dataset<Row> records = spark.read().parquet(result.location() + "/records.parquet");
        assertEquals((long) POLICIES * report.n(), records.count());
        assertEquals(records.count(), records.select("policy", "task_id").distinct().count(), "no duplicates");
        assertEquals(POLICIES, records.select("policy").distinct().count());
        Row head = records.where("kind = 'HEAD' AND policy = 'zero-head'").selectExpr("avg(cast(correct as int))")
            .first();
        assertEquals(report.policy("zero-head").accuracy(), head.getDouble(0), 1e-12);
        // Transcripts when asked for: every played turn's reply, none for the votes and the oracle.
        long withTranscript = records.where("transcript IS NOT NULL AND size(transcript) = turns").count();
        long played = records.where("kind NOT IN ('MAJORITY_VOTE', 'SELF_CONSISTENCY', 'ORACLE')").count();
        assertEquals(result == small ? played : 0, withTranscript);
        if (result == small) {
          assertTrue(records.where("kind = 'HEAD'").selectExpr("transcript[0].reply").first().getString(0).length()
              > 0);
        }
      } finally {
        spark.stop();
      }
      List<String> lines = Files.readAllLines(Path.of(java.net.URI.create(result.location())).resolve(
          "records.jsonl"));
      assertEquals(POLICIES * report.n(), lines.size());
      QuestionRecord first = RecordFiles.readJsonLines(lines.get(0), "records.jsonl").get(0);
      assertEquals(PolicyKind.HEAD, first.kind());
      JsonNode json = new ObjectMapper().readTree(Path.of(java.net.URI.create(result.location()))
          .resolve("eval.json").toFile());
      assertEquals(EvalReport.FORMAT_VERSION, json.get("format_version").asInt());
    }
  }

  @Test
  void eachIntervalHoldsItsEstimateAndNarrowsWithMoreQuestions() {
    int compared = 0;
    for (PolicyScore score : full.report().policies()) {
      assertTrue(score.ci95().contains(score.accuracy()), score.policy() + " " + score);
      for (CategoryScore category : score.byCategory().values()) {
        assertTrue(category.ci95().contains(category.accuracy()), score.policy() + " " + category);
      }
      // The best single model may differ between the samples, and with it the names of its baselines.
      List<PolicyScore> sameKind = small.report().ofKind(score.kind());
      PolicyScore fewer = sameKind.size() == 1 ? sameKind.get(0) : small.report().policy(score.policy());
      assertTrue(fewer.ci95().contains(fewer.accuracy()), fewer.policy() + " " + fewer);
      // An interval's width depends on the accuracy too; compare where neither sample sits at an edge.
      if (Math.min(score.accuracy(), fewer.accuracy()) > 0.05 && Math.max(score.accuracy(), fewer.accuracy()) < 0.95) {
        compared++;
        assertTrue(score.ci95().width() < fewer.ci95().width(), score.policy() + ": " + score.ci95() + " on "
            + score.n() + " questions vs " + fewer.ci95() + " on " + fewer.n());
      }
    }
    assertTrue(compared >= POLICIES / 2, "widths compared for " + compared + " policies");
    for (HeadComparison head : full.report().heads()) {
      assertTrue(head.vsBestSingle().ci95().contains(head.vsBestSingle().mean()), head.toString());
    }
  }

  @Test
  void anAllZeroHeadIsNotReportedBetterThanTheRandomRouter() {
    for (EvaluationJob.Result result : List.of(small, full)) {
      HeadComparison zero = result.report().heads().stream().filter(h -> h.head().equals("zero-head")).findFirst()
          .orElseThrow();
      assertFalse(zero.vsRandomRouter().mean() > 0 && zero.vsRandomRouter().ci95().excludesZero(),
          "an all-zero head always picks the first model as Thinker: " + zero);
    }
  }
}
