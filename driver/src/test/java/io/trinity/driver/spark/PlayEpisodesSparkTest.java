package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.holdenkarau.spark.testing.JavaRDDComparisons;
import io.trinity.driver.config.SparkSection;
import io.trinity.driver.train.CandidateLayout;
import io.trinity.driver.train.EpisodeEvaluator;
import io.trinity.driver.train.EpisodeOutcome;
import io.trinity.driver.train.EpisodeUnit;
import io.trinity.driver.train.EvaluationPlan;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.encode.FeatureFamily;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.episode.CoordinatorPolicy;
import io.trinity.workers.episode.EpisodeJob;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeRunner;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.SingleModelPolicy;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark path (broadcast heads, mapPartitions over units, Kryo with registration required) plays exactly the
 * episodes that the same runner plays without Spark.
 */
class PlayEpisodesSparkTest {
  private static final List<String> MODELS = List.of("sim-a", "sim-b", "sim-c");
  private static final EpisodeSettings SETTINGS = new EpisodeSettings(3, 0.7, 256, 16);
  private static final int DIMENSION = 32;

  @TempDir
  static Path dir;

  private static GatewayServer gateway;
  private static JavaSparkContext spark;
  private static Task[] tasks;

  @BeforeAll
  static void start() throws Exception {
    tasks = DemoTasks.load().toArray(Task[]::new);
    Path key = dir.resolve("key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(Arrays.asList(tasks), out);
    }
    String pool = """
        models:
          - {name: sim-a, provider: sim, price: {input_per_mtok: 1, output_per_mtok: 1}, latency: {base_ms: 5, jitter_ms: 5}, skills: {default: {thinker: 0.6, worker: 0.7, verifier: 0.8}}}
          - {name: sim-b, provider: sim, price: {input_per_mtok: 2, output_per_mtok: 2}, latency: {base_ms: 5, jitter_ms: 5}, skills: {default: {thinker: 0.5, worker: 0.4, verifier: 0.6}}}
          - {name: sim-c, provider: sim, price: {input_per_mtok: 3, output_per_mtok: 3}, latency: {base_ms: 5, jitter_ms: 5}, skills: {default: {thinker: 0.3, worker: 0.5, verifier: 0.9}}}
        """;
    gateway = GatewayServer.builder().pool(PoolConfig.parse(pool, "pool.yaml")).answerKey(key)
        .host("127.0.0.1").port(0).build();
    gateway.start();
    spark = SparkContexts.start(new SparkSection("local[2]", "play-episodes-test", null,
        Map.of("spark.ui.enabled", "false")));
  }

  @AfterAll
  static void stop() {
    spark.stop();
    gateway.close();
  }

  @Test
  void sparkPlaysTheSameEpisodesAsALocalRunner() throws Exception {
    HeadShape shape = new HeadShape(DIMENSION, MODELS.size());
    Random random = new Random(5);
    float[][] heads = new float[3][shape.parameterCount()];
    for (float[] head : heads) {
      for (int i = 0; i < head.length; i++) {
        head[i] = (float) random.nextGaussian();
      }
    }
    List<EpisodeUnit> units = new ArrayList<>();
    for (int task = 0; task < tasks.length; task += 9) {
      for (int c = 0; c < heads.length; c++) {
        units.add(EpisodeUnit.coordinator(7, c, task));
      }
      units.add(EpisodeUnit.singleModel(7, task % MODELS.size(), task));
    }

    EpisodeEvaluator evaluator = new EpisodeEvaluator(spark, tasks,
        new PlayEpisodes.Endpoint(gateway.baseUrl().toString(), null), MODELS, SETTINGS,
        new EncoderSpec.Hashing(DIMENSION, new String[] {FeatureFamily.SHAPES.wireName(),
            FeatureFamily.STATE.wireName()}), CandidateLayout.linear(shape), 4);
    List<EpisodeOutcome> onSpark = evaluator.evaluate(new EvaluationPlan(7, shape, heads), units);
    evaluator.close();
    assertEquals(units.size(), onSpark.size());

    List<String> expected = new ArrayList<>();
    try (PoolClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl())
        .requestTimeout(Duration.ofSeconds(30)).build()) {
      EpisodeRunner runner = new EpisodeRunner(client, MODELS, SETTINGS);
      HashingEncoder encoder = new HashingEncoder(DIMENSION, EnumSet.of(FeatureFamily.SHAPES, FeatureFamily.STATE));
      List<EpisodeJob> jobs = new ArrayList<>();
      for (EpisodeUnit unit : units) {
        jobs.add(unit.singleModel() >= 0
            ? new EpisodeJob(tasks[unit.task()], new SingleModelPolicy(unit.singleModel()), 1, unit.generation())
            : new EpisodeJob(tasks[unit.task()], new CoordinatorPolicy(encoder,
                new LinearHead(shape, heads[unit.candidate()])), SETTINGS.maxTurns(), unit.generation()));
      }
      List<EpisodeResult> results = runner.runAll(jobs);
      for (int i = 0; i < units.size(); i++) {
        expected.add(summary(units.get(i), results.get(i)));
      }
    }
    List<String> actual = onSpark.stream().map(o -> summary(o.unit(), o.result())).toList();
    JavaRDD<String> expectedRdd = spark.parallelize(expected, 3);
    JavaRDD<String> actualRdd = spark.parallelize(actual, 2);
    JavaRDDComparisons.assertRDDEquals(expectedRdd, actualRdd);
    assertTrue(actual.stream().anyMatch(s -> s.contains("reward=1.0")), "some episodes succeed");
    assertTrue(actual.stream().anyMatch(s -> s.contains("reward=0.0")), "some episodes fail");
  }

  private static String summary(EpisodeUnit unit, EpisodeResult r) {
    return unit + " task=" + r.taskId() + " reward=" + r.reward() + " models=" + Arrays.toString(r.models())
        + " roles=" + Arrays.toString(r.roles()) + " accepted=" + r.accepted() + " calls=" + r.calls()
        + " tokens=" + r.promptTokens() + "/" + r.completionTokens() + " answer=" + r.extracted();
  }
}
