package io.trinity.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cluster jar on a real Spark standalone cluster: a master and two workers, each its own JVM on loopback,
 * started, fed and stopped by the scripts in {@code cluster-configs/standalone/}, jobs submitted through Spark's
 * own {@code SparkSubmit} in client mode. Every run is compared with the same config on {@code local[2]}, submitted
 * the same way: the optimiser's trajectory, every generation's fitness figures and calls, the exported head and
 * the held-out comparison must be identical, since replies are drawn from the request and its seed alone, whatever
 * JVM plays an episode and however often. Wall times and the gateway's per-call accounts (identical calls in
 * flight at once go upstream once, which depends on timing) are left out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GENERATIONS = 4;
  private static final int POPULATION = 8;
  private static final int TASKS_PER_GENERATION = 4;

  private ClusterScripts scripts;
  private Path work;
  private Path config;
  private Path pool;
  private Path localRun;
  private Path clusterRun;

  @BeforeAll
  void startCluster() throws Exception {
    work = Files.createTempDirectory("trinity-cluster-it");
    scripts = ClusterScripts.start(work);
    pool = work.resolve("sim-4-slow.yaml");
    // The demo pool with a fixed latency long enough that a generation lasts seconds, so the tests can kill a
    // JVM while one is being played; replies do not depend on latency.
    String demoPool = Files.readString(scripts.repo().resolve("cluster-configs/pools/sim-4.yaml"));
    String slow = demoPool.replaceAll("latency: \\{[^}]*}", "latency: {base_ms: 120, jitter_ms: 0}");
    assertFalse(slow.equals(demoPool), "sim-4.yaml no longer has the latency lines this test slows down");
    Files.writeString(pool, slow);
    config = work.resolve("train.yaml");
    Files.writeString(config, """
        run:
          seed: 5
          generations: %d
          population: %d
          tasks_per_generation: %d
          sigma0: 0.5
          validate_every: 2
        tasks:
          bundled: demo
          held_out_fraction: 0.05
          validation_fraction: 0.05
        encoder:
          type: hashing
          dimension: 16
          features: [shapes, state]
        episode:
          max_turns: 3
          max_in_flight: 2
        pool:
          file: %s
        spark:
          app_name: trinity-cluster-it
          partitions: 2
          conf:
            spark.ui.enabled: "false"
        """.formatted(GENERATIONS, POPULATION, TASKS_PER_GENERATION, pool));
  }

  @AfterAll
  void stopCluster() throws Exception {
    if (scripts != null) {
      scripts.close();
    }
  }

  /** T1: the cluster run is the local run, bit for bit where it must be. */
  @Test
  void aClusterRunEqualsTheLocalRun() throws Exception {
    Path cluster = clusterRun();
    assertSameRun(localRun(), cluster);
    for (JsonNode line : metrics(cluster)) {
      assertEquals(0, line.get("retried_spark_tasks").asLong(), "no task was retried in an undisturbed run");
      assertEquals(2, line.get("spark_tasks").asInt());
    }
  }

  /**
   * T2: an executor killed with SIGKILL in the middle of a generation: Spark plays its task again elsewhere, the
   * run ends as the undisturbed one, the metrics name the retried task, and its episodes count once (the calls it
   * made before it died, made again, show only in the gateway's accounts).
   */
  @Test
  void anExecutorKilledMidGenerationChangesNothing() throws Exception {
    Path run = work.resolve("executor-killed");
    try (ClusterScripts.Submitted job = scripts.submit(scripts.clusterMaster(), train(run, false))) {
      awaitMetricsLines(run, 1, job);
      // After generation 0's line, any task an executor runs belongs to a later generation.
      long killed = scripts.killAnExecutorInATask();
      assertEquals(0, job.await(), () -> "the run survives executor " + killed + "'s loss:\n" + job.log());
    }
    assertSameRun(localRun(), run);
    List<JsonNode> lines = metrics(run);
    List<JsonNode> undisturbed = metrics(localRun());
    long retried = lines.stream().mapToLong(l -> l.get("retried_spark_tasks").asLong()).sum();
    assertTrue(retried >= 1, "the metrics show the retried task: " + lines);
    int generation = 0;
    while (lines.get(generation).get("retried_spark_tasks").asLong() == 0) {
      generation++;
    }
    JsonNode hit = lines.get(generation);
    assertEquals((POPULATION + 1) * TASKS_PER_GENERATION, hit.get("episodes").asInt(),
        "every episode is counted once, the replayed ones too");
    assertEquals(undisturbed.get(generation).get("llm_calls").asLong(), hit.get("llm_calls").asLong());
    // The calls the killed task had made before it died are made again: how many depends on how far it got (on a
    // loaded machine it may die before its first call), so the gateway answers at least the undisturbed ones.
    assertTrue(answered(hit) >= answered(undisturbed.get(generation)),
        "gateway accounts " + hit.get("gateway_accounts") + " against " + undisturbed.get(generation)
            .get("gateway_accounts"));
  }

  /** T3: the driver JVM killed with SIGKILL mid-run, then resumed through SparkSubmit: the same run. */
  @Test
  void aKilledDriverResumedEndsAsTheUndisturbedRun() throws Exception {
    Path run = work.resolve("driver-killed");
    try (ClusterScripts.Submitted job = scripts.submit(scripts.clusterMaster(), train(run, false))) {
      awaitMetricsLines(run, 1, job);
      Thread.sleep(1000);
      job.kill();
    }
    assertTrue(metrics(run).size() < GENERATIONS, "the driver died before the run ended");
    assertFalse(Files.exists(run.resolve("eval.json")), "the driver died before the held-out comparison");
    try (ClusterScripts.Submitted resumed = scripts.submit(scripts.clusterMaster(), train(run, true))) {
      assertEquals(0, resumed.await(), resumed::log);
    }
    assertSameRun(localRun(), run);
  }

  /** T5: the batch evaluation, on the same cluster, reads the cluster run's export and scores it as training did. */
  @Test
  void theBatchEvaluationReadsTheClusterRunsHead() throws Exception {
    Path trained = clusterRun();
    Path out = work.resolve("evaluate");
    try (ClusterScripts.Submitted job = scripts.submit(scripts.clusterMaster(), List.of("evaluate", "--head",
        trained.toString(), "--pool", pool.toString(), "--out", out.toString()))) {
      assertEquals(0, job.await(), job::log);
    }
    // The same held-out questions, seeds and code as training's own held-out comparison: the same report.
    assertEquals(JSON.readTree(trained.resolve("eval.json").toFile()), JSON.readTree(out.resolve("eval.json")
        .toFile()));
    // The records' Parquet copy is written by the executors, through Spark SQL.
    assertTrue(Files.exists(out.resolve("records.parquet/_SUCCESS")), "records.parquet was written");
  }

  private List<String> train(Path run, boolean resume) {
    List<String> args = new ArrayList<>(List.of("train", "--config", config.toString(), "--out", run.toString()));
    if (resume) {
      args.add("--resume");
    }
    return args;
  }

  private synchronized Path localRun() throws Exception {
    if (localRun == null) {
      Path run = work.resolve("local");
      try (ClusterScripts.Submitted job = scripts.submit("local[2]", train(run, false))) {
        assertEquals(0, job.await(), job::log);
      }
      localRun = run;
    }
    return localRun;
  }

  private synchronized Path clusterRun() throws Exception {
    if (clusterRun == null) {
      Path run = work.resolve("cluster-run");
      // The script users run, with the config, run directory and resources as arguments.
      try (ClusterScripts.Submitted job = scripts.submitStandalone(scripts.clusterMaster(), List.of("--config",
          config.toString(), "--out", run.toString(), "--executor-cores", "1", "--executor-memory", "768m"))) {
        assertEquals(0, job.await(), job::log);
      }
      clusterRun = run;
    }
    return clusterRun;
  }

  /** What must be identical between two runs of the same config and pool. */
  private static void assertSameRun(Path expected, Path actual) throws IOException {
    List<JsonNode> want = metrics(expected);
    List<JsonNode> got = metrics(actual);
    assertEquals(GENERATIONS, want.size());
    assertEquals(want.size(), got.size(), "generations");
    for (int g = 0; g < want.size(); g++) {
      assertEquals(comparable(want.get(g)), comparable(got.get(g)), "metrics of generation " + g);
    }
    assertArrayEquals(Files.readAllBytes(expected.resolve("head.safetensors")),
        Files.readAllBytes(actual.resolve("head.safetensors")), "the exported head's weights");
    assertEquals(exported(expected), exported(actual), "head.json");
    assertEquals(evalReport(expected), evalReport(actual), "eval.json");
    assertEquals(Files.readString(expected.resolve("held-out.jsonl")),
        Files.readString(actual.resolve("held-out.jsonl")));
    JsonNode wantState = JSON.readTree(expected.resolve("checkpoint.json").toFile()).get("optimizer");
    JsonNode gotState = JSON.readTree(actual.resolve("checkpoint.json").toFile()).get("optimizer");
    assertEquals(wantState, gotState, "the optimiser's final state, RNG included");
  }

  /** A metrics line without what depends on timing or on the JVMs that played it. */
  private static JsonNode comparable(JsonNode line) {
    ObjectNode copy = line.deepCopy();
    copy.remove(List.of("wall_seconds", "retried_spark_tasks", "gateway_accounts"));
    return copy;
  }

  /** head.json without the run's own identity (its folder names the run) and the build's commit. */
  private static JsonNode exported(Path run) throws IOException {
    ObjectNode head = (ObjectNode) JSON.readTree(run.resolve("head.json").toFile());
    ObjectNode training = (ObjectNode) head.get("training");
    training.remove(List.of("run_id"));
    return head;
  }

  /** eval.json with the run's id (which names the head, and differs between runs) as RUN. */
  private static JsonNode evalReport(Path run) throws IOException {
    String runId = JSON.readTree(run.resolve("head.json").toFile()).get("training").get("run_id").asText();
    assertFalse(runId.isEmpty());
    return JSON.readTree(Files.readString(run.resolve("eval.json")).replace(runId, "RUN"));
  }

  /** Calls the in-process gateway answered in a generation, upstream or from its cache. */
  private static long answered(JsonNode line) {
    long answered = 0;
    for (Map.Entry<String, JsonNode> model : line.get("gateway_accounts").get("by_model").properties()) {
      answered += model.getValue().get("upstream_calls").asLong() + model.getValue().get("cache_hits").asLong();
    }
    return answered;
  }

  private static List<JsonNode> metrics(Path run) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    Path file = run.resolve("metrics.jsonl");
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
    }
    return lines;
  }

  private static void awaitMetricsLines(Path run, int lines, ClusterScripts.Submitted job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ClusterScripts.JOB_LIMIT_S);
    while (metrics(run).size() < lines) {
      assertTrue(job.alive(), () -> "the job ended before generation " + lines + ":\n" + job.log());
      assertTrue(System.nanoTime() < deadline, () -> "no generation " + lines + " within "
          + ClusterScripts.JOB_LIMIT_S + " s:\n" + job.log());
      Thread.sleep(100);
    }
  }
}
