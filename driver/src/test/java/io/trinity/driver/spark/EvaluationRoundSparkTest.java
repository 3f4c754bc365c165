package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.holdenkarau.spark.testing.JavaRDDComparisons;
import io.trinity.driver.config.SparkSection;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeRunner;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.episode.SingleModelPolicy;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark path of a round (broadcast plan, a job over episode keys, Kryo with registration required)
 * plays exactly the episodes that the same runner plays without Spark, one result per (policy, task).
 */
class EvaluationRoundSparkTest {
  private static final List<String> MODELS = List.of("sim-a", "sim-b", "sim-c");
  private static final EpisodeSettings SETTINGS = new EpisodeSettings(3, 0.7, 256);
  private static final int DIMENSION = 32;
  private static final CoordinatorSpec COORDINATOR = new CoordinatorSpec(MODELS.toArray(String[]::new),
      new EncoderSpec.Hashing(DIMENSION, new String[] {"shapes", "state"}, 0),
      CandidateLayout.linear(new HeadShape(DIMENSION, MODELS.size())), RolePrompts.CURRENT, SETTINGS);
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
    Random random = new Random(5);
    List<PolicySpec> policies = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      float[] head = new float[COORDINATOR.layout().parameterCount()];
      for (int i = 0; i < head.length; i++) {
        head[i] = (float) random.nextGaussian();
      }
      policies.add(new PolicySpec.Candidate(COORDINATOR, head));
    }
    for (int m = 0; m < MODELS.size(); m++) {
      policies.add(new PolicySpec.SingleModel(m, RolePrompts.CURRENT, SETTINGS.withMaxTurns(1)));
    }
    int[] taskIndices = new int[(tasks.length + 8) / 9];
    for (int i = 0; i < taskIndices.length; i++) {
      taskIndices[i] = i * 9;
    }

    RoundResult onSpark;
    try (EvaluationRound round = new EvaluationRound(spark, tasks,
        new GatewayEndpoint(gateway.baseUrl().toString(), null, Duration.ofMinutes(1)), MODELS, 16, 4,
        SandboxSettings.DEFAULT)) {
      onSpark = round.play(Sampling.training(7), policies, taskIndices);
    }
    assertEquals(policies.size(), onSpark.policies());
    // local[2] plays every Spark task in the driver JVM, with no GPU scheduling: each task recorded once, in order.
    assertEquals(List.of(0, 1, 2, 3), onSpark.devices().stream().map(TaskDevice::sparkTask).toList());
    onSpark.devices().forEach(device -> {
      assertEquals("driver", device.executor(), device.toString());
      assertEquals(List.of(), device.gpus(), device.toString());
    });

    List<String> expected = new ArrayList<>();
    List<String> actual = new ArrayList<>();
    Encoder encoder = COORDINATOR.encoder().create(ai.djl.Device.cpu());
    try (PoolClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl())
        .requestTimeout(Duration.ofSeconds(30)).build()) {
      EpisodeRunner runner = new EpisodeRunner(client, MODELS, 16);
      for (int p = 0; p < policies.size(); p++) {
        List<Episode> episodes = new ArrayList<>();
        for (int task : taskIndices) {
          episodes.add(policies.get(p) instanceof PolicySpec.Candidate candidate
              ? Coordinator.of(COORDINATOR, candidate.vector(), encoder).episode(tasks[task], Sampling.training(7))
              : new Episode(tasks[task], new SingleModelPolicy(p - 3), RolePrompts.CURRENT, SETTINGS.withMaxTurns(1),
                  Sampling.training(7)));
        }
        List<EpisodeResult> results = runner.runAll(episodes);
        for (int t = 0; t < taskIndices.length; t++) {
          expected.add(summary(p, taskIndices[t], results.get(t)));
          actual.add(summary(p, taskIndices[t], onSpark.of(p).get(t)));
        }
      }
    }
    JavaRDD<String> expectedRdd = spark.parallelize(expected, 3);
    JavaRDD<String> actualRdd = spark.parallelize(actual, 2);
    JavaRDDComparisons.assertRDDEquals(expectedRdd, actualRdd);
    assertTrue(actual.stream().anyMatch(s -> s.contains("reward=1.0")), "some episodes succeed");
    assertTrue(actual.stream().anyMatch(s -> s.contains("reward=0.0")), "some episodes fail");
    assertTrue(actual.stream().anyMatch(s -> s.contains("turns=3")), "some coordinators play several turns");
  }

  @Test
  void thePartsOfOneRoundPlayAsEachWouldAloneAndCountTheirCodeApart() {
    List<PolicySpec> trainingPolicies = List.of(candidate(11), candidate(12));
    List<PolicySpec> validationPolicies = List.of(candidate(13));
    int[] codeAndMath = IntStream.concat(indicesOf("code", 5), indicesOf("gsm8k", 5)).toArray();
    int[] mmlu = indicesOf("mmlu", 8).toArray();
    try (EvaluationRound round = new EvaluationRound(spark, tasks,
        new GatewayEndpoint(gateway.baseUrl().toString(), null, Duration.ofMinutes(1)), MODELS, 16, 2,
        SandboxSettings.DEFAULT)) {
      RoundResult trainingAlone = round.play(Sampling.training(4), trainingPolicies, codeAndMath);
      RoundResult validationAlone = round.play(Sampling.validation(3), validationPolicies, mmlu);
      List<EvaluationRound.PartOutcome> together = round.play(List.of(
          new EvaluationRound.Part(Sampling.training(4), trainingPolicies, codeAndMath),
          new EvaluationRound.Part(Sampling.validation(3), validationPolicies, mmlu)));

      RoundResult training = together.get(0).get();
      RoundResult validation = together.get(1).get();
      assertEquals(summaries(trainingAlone), summaries(training));
      assertEquals(summaries(validationAlone), summaries(validation));
      // Each part counts the grades of its own code answers (cache hits now: the same answers were graded above).
      CodeGrading code = training.codeGrading();
      assertEquals(trainingAlone.codeGrading().runs() + trainingAlone.codeGrading().cacheHits(),
          code.runs() + code.cacheHits());
      assertTrue(code.runs() + code.cacheHits() > 0, "the code tasks' answers were graded: " + code);
      assertEquals(CodeGrading.NONE, validation.codeGrading(), "the MMLU part has no code to grade");

      IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class, () -> round.play(List.of(
          new EvaluationRound.Part(Sampling.training(4), trainingPolicies, codeAndMath),
          new EvaluationRound.Part(Sampling.validation(3), validationPolicies, new int[] {mmlu[0], codeAndMath[1]}))));
      assertTrue(overlap.getMessage().contains(tasks[codeAndMath[1]].id() + " is in two parts"), overlap.getMessage());
    }
  }

  private static PolicySpec candidate(long seed) {
    Random random = new Random(seed);
    float[] head = new float[COORDINATOR.layout().parameterCount()];
    for (int i = 0; i < head.length; i++) {
      head[i] = (float) random.nextGaussian();
    }
    return new PolicySpec.Candidate(COORDINATOR, head);
  }

  private static IntStream indicesOf(String category, int count) {
    return IntStream.range(0, tasks.length).filter(i -> tasks[i].category().equals(category)).limit(count);
  }

  private static List<String> summaries(RoundResult round) {
    List<String> lines = new ArrayList<>();
    for (int p = 0; p < round.policies(); p++) {
      for (int t = 0; t < round.tasks().length; t++) {
        lines.add(summary(p, round.tasks()[t], round.of(p).get(t)));
      }
    }
    return lines;
  }

  private static String summary(int policy, int task, EpisodeResult r) {
    return "policy " + policy + " task " + task + " id=" + r.taskId() + " turns=" + r.turns() + " reward="
        + r.reward() + " models=" + Arrays.toString(r.models())
        + " roles=" + Arrays.toString(r.roles()) + " accepted=" + r.accepted() + " calls=" + r.calls()
        + " tokens=" + r.promptTokens() + "/" + r.completionTokens() + " answer=" + r.extracted();
  }
}
