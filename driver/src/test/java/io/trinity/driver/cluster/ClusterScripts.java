package io.trinity.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scripts of {@code cluster-configs/standalone/} driven from a test: lays out the Spark distribution (once, in
 * {@code driver/target/spark-dist}), starts a master and two workers in a temporary directory, submits jobs, and
 * on {@link #close()} stops the cluster with its own stop script, then kills by pid whatever it started that is
 * still alive (the script's failure included), and deletes the directory.
 */
final class ClusterScripts implements AutoCloseable {
  // Guards against hangs, not timings: a busy 2-core machine runs a job here in 1 to 4 minutes.
  private static final long SCRIPT_LIMIT_S = 300;
  static final long JOB_LIMIT_S = 600;
  // Spark's executor logs "Running task 0.0 in stage 3.0 (TID 6)" and "Finished task ... (TID 6)" (or a failure).
  private static final Pattern TASK_EVENT = Pattern.compile(
      "(Running|Finished|Exception in|Executor killed) task [0-9.]+ in stage [0-9.]+ \\(TID (\\d+)\\)");

  private final Path repo;
  private final Path jar;
  private final Path sparkHome;
  private final Path work;
  private final Path clusterDir;
  private final List<ProcessHandle> daemons = new ArrayList<>();
  private final List<Submitted> jobs = new ArrayList<>();
  private final Map<String, String> environment;

  private ClusterScripts(Path repo, Path jar, Path sparkHome, Path work, Map<String, String> environment) {
    this.repo = repo;
    this.jar = jar;
    this.sparkHome = sparkHome;
    this.work = work;
    this.clusterDir = work.resolve("cluster");
    this.environment = Map.copyOf(environment);
  }

  /**
   * Lays out Spark and starts the cluster in {@code work}, passing {@code startOptions} on to start-cluster.sh;
   * every job is submitted with {@code environment} added to the submitting shell's. On failure stops what was
   * started.
   */
  static ClusterScripts start(Path work, List<String> startOptions, Map<String, String> environment)
      throws Exception {
    Path repo = Path.of(System.getProperty("trinity.repo")).toAbsolutePath();
    Path jar = Path.of(System.getProperty("trinity.cluster.jar"));
    assertTrue(Files.isRegularFile(jar), "no cluster jar at " + jar + " (mvn -P cluster package builds it)");
    Path sparkHome = repo.resolve("driver/target/spark-dist");
    run(repo, work.resolve("layout.log"), List.of(script(repo, "layout-spark.sh"), sparkHome.toString()));
    try (Stream<Path> jars = Files.list(sparkHome.resolve("jars"))) {
      assertTrue(jars.anyMatch(j -> j.getFileName().toString().startsWith("spark-core_2.12-")), "Spark laid out");
    }
    ClusterScripts scripts = new ClusterScripts(repo, jar, sparkHome, work, environment);
    try {
      List<String> start = new ArrayList<>(List.of(script(repo, "start-cluster.sh"), "--dir",
          scripts.clusterDir.toString(), "--workers", "2", "--cores", "1", "--memory", "1g"));
      start.addAll(startOptions);
      run(repo, work.resolve("start.log"), start, "SPARK_HOME", sparkHome.toString());
      scripts.recordDaemons();
      return scripts;
    } catch (Exception | Error e) {
      scripts.recordDaemons();
      scripts.close();
      throw e;
    }
  }

  Path repo() {
    return repo;
  }

  /** Where start-cluster.sh keeps the pids, the daemons' logs and the workers' work dirs (executors' output). */
  Path clusterDir() {
    return clusterDir;
  }

  String clusterMaster() throws IOException {
    return Files.readString(clusterDir.resolve("master-url")).strip();
  }

  /** Submits {@code args} to {@code master} through submit.sh, in the background. */
  Submitted submit(String master, List<String> args) throws IOException {
    return submit(script(repo, "submit.sh"), master, args);
  }

  /** Submits a training run through {@code cluster-configs/spark/submit-standalone.sh} with {@code args}. */
  Submitted submitStandalone(String master, List<String> args) throws IOException {
    return submit(repo.resolve("cluster-configs/spark/submit-standalone.sh").toString(), master, args);
  }

  private Submitted submit(String script, String master, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(script);
    command.addAll(args);
    Path log = Files.createTempFile(work, "submit-", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("MASTER", master);
    builder.environment().put("JAR", jar.toString());
    builder.environment().put("DRIVER_MEMORY", "768m");
    builder.environment().put("EXECUTOR_MEMORY", "768m");
    builder.environment().putAll(environment);
    Submitted job = new Submitted(builder.start(), log);
    jobs.add(job);
    return job;
  }

  /**
   * Waits until an executor JVM (a worker's child) has been running a task for a second, as its log says, so that
   * the task is among its episodes' calls, and kills it with SIGKILL then; returns its pid.
   */
  long killAnExecutorInATask() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(JOB_LIMIT_S);
    Map<String, Long> firstSeen = new HashMap<>();
    while (System.nanoTime() < deadline) {
      for (int worker = 1; worker <= 2; worker++) {
        long pid = Long.parseLong(Files.readString(clusterDir.resolve("worker-" + worker + ".pid")).strip());
        for (ProcessHandle executor : ProcessHandle.of(pid).orElseThrow().children().toList()) {
          for (String task : runningTasks(executor, clusterDir.resolve("work/worker-" + worker))) {
            long since = firstSeen.computeIfAbsent(executor.pid() + "/" + task, k -> System.nanoTime());
            if (System.nanoTime() - since >= TimeUnit.SECONDS.toNanos(1)) {
              assertTrue(executor.destroyForcibly(), "SIGKILL to executor " + executor.pid());
              executor.onExit().join();
              return executor.pid();
            }
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no executor ran a task for a second within " + JOB_LIMIT_S + " s");
  }

  /** The ids of the tasks the executor's stderr (in its worker's work dir) shows started and not yet ended. */
  private static Set<String> runningTasks(ProcessHandle executor, Path workerDir) throws IOException {
    List<String> args = List.of(executor.info().arguments().orElse(new String[0]));
    int app = args.indexOf("--app-id");
    int id = args.indexOf("--executor-id");
    if (!args.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend") || app < 0 || id < 0) {
      return Set.of();
    }
    Path stderr = workerDir.resolve(args.get(app + 1)).resolve(args.get(id + 1)).resolve("stderr");
    if (!Files.exists(stderr)) {
      return Set.of();
    }
    Matcher task = TASK_EVENT.matcher(Files.readString(stderr));
    Set<String> running = new HashSet<>();
    while (task.find()) {
      if (task.group(1).equals("Running")) {
        running.add(task.group(2));
      } else {
        running.remove(task.group(2));
      }
    }
    return running;
  }

  @Override
  public void close() throws Exception {
    try {
      for (Submitted job : jobs) {
        job.close();
      }
      if (Files.exists(clusterDir.resolve("master.pid"))) {
        run(repo, work.resolve("stop.log"), List.of(script(repo, "stop-cluster.sh"), "--dir",
            clusterDir.toString()));
      }
    } finally {
      // Whatever the stop script left (or all of it, had the script failed) goes by pid.
      for (ProcessHandle daemon : daemons) {
        daemon.descendants().forEach(ProcessHandle::destroyForcibly);
        daemon.destroyForcibly();
      }
      for (ProcessHandle daemon : daemons) {
        assertTrue(daemon.onExit().isDone() || waitFor(daemon), "cluster JVM " + daemon.pid() + " still alive");
      }
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static boolean waitFor(ProcessHandle process) {
    try {
      process.onExit().get(30, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private void recordDaemons() throws IOException {
    if (!Files.isDirectory(clusterDir)) {
      return;
    }
    try (Stream<Path> pids = Files.list(clusterDir)) {
      for (Path pid : pids.filter(p -> p.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).ifPresent(daemons::add);
      }
    }
  }

  private static String script(Path repo, String name) {
    return repo.resolve("cluster-configs/standalone").resolve(name).toString();
  }

  /**
   * Runs a script to its end; fails the test with its output when it fails. The environment passes on (MVN_FLAGS=-o
   * keeps layout-spark.sh's Maven offline).
   */
  private static String run(Path repo, Path log, List<String> command, String... env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(SCRIPT_LIMIT_S, TimeUnit.SECONDS), command + " ran past " + SCRIPT_LIMIT_S + " s");
    } finally {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertEquals(0, process.exitValue(), () -> command + " failed:\n" + output);
    return output;
  }

  /** A submitted job: the SparkSubmit JVM (submit.sh execs it) and its output. */
  static final class Submitted implements AutoCloseable {
    private final Process process;
    private final Path log;

    private Submitted(Process process, Path log) {
      this.process = process;
      this.log = log;
    }

    boolean alive() {
      return process.isAlive();
    }

    /** Waits for the job's end and returns its exit code. */
    int await() throws InterruptedException {
      if (!process.waitFor(JOB_LIMIT_S, TimeUnit.SECONDS)) {
        close();
        throw new AssertionError("the job ran past " + JOB_LIMIT_S + " s:\n" + log());
      }
      return process.exitValue();
    }

    /** SIGKILL to the driver JVM, as a crash would end it. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor();
    }

    String log() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return "(unreadable log " + log + ": " + e + ")";
      }
    }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
