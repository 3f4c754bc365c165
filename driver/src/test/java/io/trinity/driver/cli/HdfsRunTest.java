package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.gateway.JobGateway;
import io.trinity.driver.train.TrainingFixtures;
import io.trinity.driver.train.TrainingJob;
import io.trinity.driver.train.TrainingYaml;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.Task;
import io.trinity.fitness.task.TaskRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training and evaluation with every file they read or write on a real HDFS: Hadoop's own in-process cluster (a
 * NameNode and a DataNode on random loopback ports), through the {@code trinity} command line. The task file is
 * on HDFS; so are the run directories, their resume, and the evaluation's output. Only the config and pool files
 * are local, as a spark-submit user's are.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HdfsRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int GENERATIONS = 4;

  @TempDir
  static java.nio.file.Path dir;

  private MiniDFSCluster cluster;
  private FileSystem hdfs;
  private String root;
  private java.nio.file.Path pool;

  @BeforeAll
  void startHdfsAndTrain() throws Exception {
    java.nio.file.Path base = dir.resolve("hdfs");
    Configuration conf = new Configuration();
    cluster = new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(1).build();
    cluster.waitActive();
    hdfs = cluster.getFileSystem();
    root = hdfs.getUri().toString();
    assertTrue(root.startsWith("hdfs://"), root);

    // Every sixth bundled question keeps the held-out comparisons short; the mix of categories stays the same.
    List<Task> demo = DemoTasks.load();
    try (OutputStream out = hdfs.create(new Path("/data/tasks.jsonl"))) {
      TaskRecords.write(IntStream.range(0, demo.size()).filter(i -> i % 6 == 0).mapToObj(demo::get).toList(), out);
    }
    pool = TrainingFixtures.demoPoolWithoutLatency(dir);

    train("whole", GENERATIONS, false);
    train("parts", GENERATIONS / 2, false);
    train("parts", GENERATIONS, true);
    CliRun evaluate = CliRun.of("evaluate", "--head", root + "/runs/parts", "--pool", pool.toString(),
        "--out", root + "/evals/parts");
    assertEquals(0, evaluate.exitCode(), evaluate.err());
  }

  @AfterAll
  void stopHdfs() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private void train(String name, int generations, boolean resume) throws IOException {
    java.nio.file.Path config = dir.resolve(name + "-" + generations + ".yaml");
    TrainingYaml.builder().generations(generations).population(8).tasksPerGeneration(8).sigma0(0.5).validateEvery(2)
        .taskFiles("trinity", root + "/data/tasks.jsonl").heldOutFraction(0.3).validationFraction(0.25)
        .encoder(TrainingYaml.encoder(32)).maxInFlight(64).pool(pool.toString()).write(config);
    List<String> args = new ArrayList<>(List.of("train", "--config", config.toString(), "--out",
        root + "/runs/" + name));
    if (resume) {
      args.add("--resume");
    }
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
  }

  @Test
  void everyOutputOfTrainingAndEvaluationIsOnHdfs() throws Exception {
    Set<String> run = new TreeSet<>(Set.of("checkpoint.json", "metrics.jsonl", "head.json", "head.safetensors",
        TrainingJob.HELD_OUT_FILE, "eval.json", "report.html", JobGateway.ANSWER_KEY_FILE, "episodes"));
    for (String name : List.of("whole", "parts")) {
      assertEquals(run, files("/runs/" + name), name);
    }
    assertEquals(new TreeSet<>(Set.of("evaluation-plan.json", "eval.json", "records.jsonl", "records.parquet",
        "report.html", JobGateway.ANSWER_KEY_FILE, "state")), files("/evals/parts"));
    assertFalse(files("/evals/parts/state").isEmpty(), "the evaluation's saved chunks");
    assertTrue(files("/evals/parts/records.parquet").stream().anyMatch(f -> f.endsWith(".parquet")),
        "Spark wrote the Parquet records to HDFS: " + files("/evals/parts/records.parquet"));
    assertEquals(GENERATIONS, lines("/runs/parts/metrics.jsonl").size());
    // A java.nio path made from an hdfs:// URI lands in the working folder as "hdfs:/...".
    assertFalse(Files.exists(java.nio.file.Path.of("hdfs:")), "nothing was written to a local 'hdfs:' folder");
  }

  @Test
  void aRunResumedOnHdfsEqualsTheUninterruptedOne() throws Exception {
    assertArrayEquals(bytes("/runs/whole/head.safetensors"), bytes("/runs/parts/head.safetensors"));
    for (int g = 0; g < GENERATIONS; g++) {
      String log = String.format("episodes/gen-%05d.jsonl", g);
      assertArrayEquals(bytes("/runs/whole/" + log), bytes("/runs/parts/" + log), log);
    }
    List<String> whole = lines("/runs/whole/metrics.jsonl");
    List<String> parts = lines("/runs/parts/metrics.jsonl");
    assertEquals(GENERATIONS, whole.size());
    for (int g = 0; g < GENERATIONS; g++) {
      assertEquals(withoutTimes(whole.get(g)), withoutTimes(parts.get(g)), "generation " + g);
    }
    assertEquals(accuracies("/runs/whole/eval.json"), accuracies("/runs/parts/eval.json"));
  }

  @Test
  void evaluateReadsTheHeadAndTasksFromHdfsAndScoresAsTraining() throws Exception {
    JsonNode training = JSON.readTree(bytes("/runs/parts/eval.json"));
    JsonNode evaluation = JSON.readTree(bytes("/evals/parts/eval.json"));
    String head = training.get("policies").get(0).get("policy").asText();
    assertEquals(head, evaluation.get("policies").get(0).get("policy").asText());
    assertEquals(accuracies("/runs/parts/eval.json"), accuracies("/evals/parts/eval.json"),
        "the held-out questions, read from HDFS, score exactly as in training");
    assertEquals(lines("/runs/parts/" + TrainingJob.HELD_OUT_FILE).size(),
        evaluation.get("policies").get(0).get("n").asInt());
  }

  @Test
  void reportReadsARunOnHdfsAndWritesItsPageThere() throws Exception {
    // --out keeps the run directories' file lists as the test above expects them.
    CliRun report = CliRun.of("report", root + "/runs/parts", "--out", root + "/pages/parts.html");
    assertEquals(0, report.exitCode(), report.err());
    assertTrue(report.out().contains("(" + GENERATIONS + " generations)"), report.out());
    String page = new String(bytes("/pages/parts.html"), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(page.contains("<section id=\"chart-category-selection\">\n<h2>Model selection per category</h2>"
        + "\n<svg"), "the resumed run's lines all have selections_by_category");
  }

  /** The names of the files and folders in {@code folder} on HDFS, listed through the FileSystem API. */
  private Set<String> files(String folder) throws IOException {
    Set<String> names = new TreeSet<>();
    for (FileStatus status : hdfs.listStatus(new Path(folder))) {
      names.add(status.getPath().getName());
    }
    return names;
  }

  private byte[] bytes(String file) throws IOException {
    try (InputStream in = hdfs.open(new Path(file))) {
      return in.readAllBytes();
    }
  }

  private List<String> lines(String file) throws IOException {
    return Arrays.stream(new String(bytes(file), java.nio.charset.StandardCharsets.UTF_8).split("\n"))
        .filter(line -> !line.isBlank()).toList();
  }

  /** A metrics line without what depends on the clock. */
  private static JsonNode withoutTimes(String line) throws IOException {
    ObjectNode node = (ObjectNode) JSON.readTree(line);
    node.remove("wall_seconds");
    node.remove("gateway_accounts");
    // A code answer is run or found in the JVM's grade cache depending on what it graded before (the earlier run).
    node.remove("code_runs");
    node.remove("code_cache_hits");
    node.remove("validation_code_runs");
    node.remove("validation_code_cache_hits");
    return node;
  }

  /** Every policy's name (a head's kind: its name holds its run's id) and accuracy in an eval.json, in order. */
  private List<String> accuracies(String file) throws IOException {
    List<String> result = new ArrayList<>();
    for (JsonNode policy : JSON.readTree(bytes(file)).get("policies")) {
      String kind = policy.get("kind").asText();
      result.add(("HEAD".equals(kind) ? kind : policy.get("policy").asText()) + "=" + policy.get("accuracy").asDouble());
    }
    return result;
  }
}
