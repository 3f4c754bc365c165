package io.trinity.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.gateway.JobGateway;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 *
 * <p>Every job binds its in-process gateway to a non-loopback address of this machine, where the executors call
 * it, with the token the pool file's {@code auth_token_env} names (a value this test chose, so that it can look for
 * it). The workers offer two fake GPU addresses each, and the cluster run asks for one per executor and per task.
 * T1's cluster run is also T4's and the GPU test's, so that they cost no run of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandaloneClusterIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GENERATIONS = 4;
  private static final int POPULATION = 8;
  private static final int TASKS_PER_GENERATION = 4;
  private static final String TOKEN_ENV = "TRINITY_IT_GATEWAY_TOKEN";
  private static final List<String> FAKE_GPUS = List.of("0", "1");

  private ClusterScripts scripts;
  private Path work;
  private Path config;
  private Path pool;
  private Path localRun;
  private Path clusterRun;
  private String clusterLog;
  private GatewayProbe clusterProbe;
  private String token;
  private String host;
  private Path events;

  @BeforeAll
  void startCluster() throws Exception {
    work = Files.createTempDirectory("trinity-cluster-it");
    host = nonLoopbackAddress();
    token = JobGateway.newRunToken();
    // Spark runs a worker's discovery script once at its start and hands each executor addresses from its list.
    Path gpus = work.resolve("fake-gpus.sh");
    Files.writeString(gpus, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\""
        + String.join("\", \"", FAKE_GPUS) + "\"]}'\n");
    assertTrue(gpus.toFile().setExecutable(true), "chmod +x " + gpus);
    scripts = ClusterScripts.start(work, List.of(
        "--worker-conf", "spark.worker.resource.gpu.amount=" + FAKE_GPUS.size(),
        "--worker-conf", "spark.worker.resource.gpu.discoveryScript=" + gpus), Map.of(TOKEN_ENV, token));
    pool = work.resolve("sim-4-slow.yaml");
    // The demo pool with a fixed latency long enough that a generation lasts seconds, so the tests can kill a
    // JVM while one is being played; replies do not depend on latency.
    String demoPool = Files.readString(scripts.repo().resolve("cluster-configs/pools/sim-4.yaml"));
    String slow = demoPool.replaceAll("latency: \\{[^}]*}", "latency: {base_ms: 120, jitter_ms: 0}");
    assertFalse(slow.equals(demoPool), "sim-4.yaml no longer has the latency lines this test slows down");
    Files.writeString(pool, "auth_token_env: " + TOKEN_ENV + "\n" + slow);
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
        gateway:
          bind_host: %s
          advertise_host: %s
        spark:
          app_name: trinity-cluster-it
          partitions: 2
          conf:
            spark.ui.enabled: "false"
        """.formatted(GENERATIONS, POPULATION, TASKS_PER_GENERATION, pool, host, host));
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
   * T4: the gateway, bound to a non-loopback address, answered the executors' calls, which carried the run's token;
   * requests from outside the job without it, or with a wrong one, got 401 while the run was going on; and the
   * token is in no file the run left on this machine: the driver's output, the master's and workers' logs, the
   * executors' stdout and stderr in the workers' work dirs, Spark's event log, metrics, checkpoint and export.
   */
  @Test
  void theGatewayBeyondLoopbackAnswersOnlyTheRunsTokenWhichLeaksNowhere() throws Exception {
    Path cluster = clusterRun();
    assertTrue(clusterLog.contains("gateway started in-process at http://" + host + ":"), "bound to " + host);
    assertTrue(clusterLog.contains("bearer token from $" + TOKEN_ENV + "); executors call http://" + host + ":"),
        "the executors called " + host + " with the token of $" + TOKEN_ENV);
    for (JsonNode line : metrics(cluster)) {
      assertTrue(line.get("llm_calls").asLong() > 0 && answered(line) > 0, "the gateway answered the executors' "
          + "calls of generation " + line.get("generation"));
    }
    assertNotNull(clusterProbe.gateway(), "the probe found the gateway's address in the driver's log");
    assertEquals("http://" + host, clusterProbe.gateway().replaceAll(":\\d+$", ""));
    assertEquals(Set.of(401), clusterProbe.withoutToken(), "requests without the token");
    assertEquals(Set.of(401), clusterProbe.wrongToken(), "requests with a wrong token");
    assertEquals(Set.of(200), clusterProbe.withToken(), "requests with the run's token");
    assertTrue(clusterProbe.metrics().contains("gateway_upstream_calls_total"), "the gateway's metrics were read");
    assertFalse(clusterProbe.metrics().contains(token), "the token appears in the gateway's metrics");

    List<Path> scanned = new ArrayList<>();
    try (Stream<Path> files = Files.walk(work)) {
      // The executors' copies of the cluster jar are the build's bytes, not the run's.
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar")).toList()) {
        String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(token), "the run's token appears in " + file);
        scanned.add(file);
      }
    }
    Path logs = scripts.clusterDir().resolve("logs");
    for (Path expected : List.of(logs.resolve("master.log"), logs.resolve("worker-1.log"),
        logs.resolve("worker-2.log"), cluster.resolve("metrics.jsonl"), cluster.resolve("checkpoint.json"),
        cluster.resolve("head.json"), cluster.resolve("head.safetensors"), cluster.resolve("eval.json"))) {
      assertTrue(scanned.contains(expected), expected + " was looked at");
    }
    long executorLogs = scanned.stream().filter(f -> f.startsWith(scripts.clusterDir().resolve("work"))
        && f.getFileName().toString().equals("stderr")).count();
    assertTrue(executorLogs >= 2, "the executors' stderr files were looked at: " + executorLogs);
    List<Path> eventLogs = scanned.stream().filter(f -> f.startsWith(events)).toList();
    assertEquals(1, eventLogs.size(), "the cluster run's event log: " + eventLogs);
    String eventLog = Files.readString(eventLogs.get(0));
    assertTrue(eventLog.contains("SparkListenerTaskEnd") && eventLog.contains("spark.task.resource.gpu.amount"),
        "the event log holds the tasks and the configuration");
  }

  /**
   * The fake GPUs: the cluster run's executors each took one of their worker's addresses, every Spark task was
   * given one, and metrics.jsonl records per generation which executor played each task with which address; the
   * executors built their encoder on that GPU (the hashing encoder ignores it). The local run records the driver
   * and no GPU.
   */
  @Test
  void everySparkTaskRecordsTheGpuAddressItWasGiven() throws Exception {
    Path cluster = clusterRun();
    for (JsonNode line : metrics(cluster)) {
      JsonNode devices = line.get("devices");
      assertEquals(line.get("spark_tasks").asInt(), devices.size(), "one record per Spark task: " + devices);
      for (int task = 0; task < devices.size(); task++) {
        JsonNode device = devices.get(task);
        assertEquals(task, device.get("spark_task").asInt(), devices.toString());
        assertNotEquals("driver", device.get("executor").asText(), devices.toString());
        assertEquals(1, device.get("gpus").size(), "spark.task.resource.gpu.amount=1: " + devices);
        assertTrue(FAKE_GPUS.contains(device.get("gpus").get(0).asText()), devices.toString());
      }
    }
    String executorOutput;
    try (Stream<Path> files = Files.walk(scripts.clusterDir().resolve("work"))) {
      StringBuilder text = new StringBuilder();
      for (Path stderr : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        text.append(Files.readString(stderr));
      }
      executorOutput = text.toString();
    }
    assertTrue(Pattern.compile("encoder hashing .* on gpu\\([01]\\)").matcher(executorOutput).find(),
        "an executor built its encoder on the GPU its task was given");
    for (JsonNode line : metrics(localRun())) {
      for (JsonNode device : line.get("devices")) {
        assertEquals("driver", device.get("executor").asText());
        assertEquals(0, device.get("gpus").size());
      }
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
      events = Files.createDirectories(work.resolve("events"));
      // The script users run, with the config, run directory, resources and Spark settings as arguments: Spark's
      // event log on, for T4 to search; one of the workers' fake GPUs per executor and per task.
      try (ClusterScripts.Submitted job = scripts.submitStandalone(scripts.clusterMaster(), List.of("--config",
          config.toString(), "--out", run.toString(), "--executor-cores", "1", "--executor-memory", "768m",
          "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
          "--conf", "spark.executor.resource.gpu.amount=1", "--conf", "spark.task.resource.gpu.amount=1"));
          GatewayProbe probe = GatewayProbe.start(job, token)) {
        assertEquals(0, job.await(), job::log);
        clusterLog = job.log();
        clusterProbe = probe;
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
    JsonNode wantState = JSON.readTree(expected.resolve("checkpoint.json").toFile()).get("optimiser");
    JsonNode gotState = JSON.readTree(actual.resolve("checkpoint.json").toFile()).get("optimiser");
    assertEquals(wantState, gotState, "the optimiser's final state, RNG included");
  }

  /** A metrics line without what depends on timing or on the JVMs (and GPUs) that played it. */
  private static JsonNode comparable(JsonNode line) {
    ObjectNode copy = line.deepCopy();
    // A code answer is run or found in its executor JVM's grade cache depending on what that JVM graded before.
    copy.remove(List.of("wall_seconds", "retried_spark_tasks", "gateway_accounts", "devices", "code_runs",
        "code_cache_hits", "validation_code_runs", "validation_code_cache_hits"));
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
    ObjectNode eval = (ObjectNode) JSON.readTree(Files.readString(run.resolve("eval.json")).replace(runId, "RUN"));
    // How code grades split into sandbox runs and grade-cache hits depends on each executor JVM's cache; the number
    // of grades does not.
    JsonNode grading = eval.remove("code_grading");
    if (grading != null && !grading.isNull()) {
      eval.put("code_grades", grading.get("runs").asLong() + grading.get("cache_hits").asLong());
    }
    return eval;
  }

  /** Calls the in-process gateway answered in a generation, upstream or from its cache. */
  private static long answered(JsonNode line) {
    long answered = 0;
    for (Map.Entry<String, JsonNode> model : line.get("gateway_accounts").get("by_model").properties()) {
      answered += model.getValue().get("upstream_calls").asLong() + model.getValue().get("cache_hits").asLong();
    }
    return answered;
  }

  /** An IPv4 address of this machine beyond loopback, where the executors reach the driver's gateway. */
  private static String nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
          return address.getHostAddress();
        }
      }
    }
    return fail("this machine has no IPv4 address beyond loopback (no interface up with one): the cluster tests "
        + "bind the in-process gateway to such an address (T4); give the machine a network interface");
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
