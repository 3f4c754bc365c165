package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.config.ConfigLoader;
import io.trinity.driver.spark.CodeGrading;
import io.trinity.gateway.pool.CacheSpec;
import io.trinity.gateway.pool.PoolConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster pool file's response cache makes an episode played again cost nothing. Its gateway is given no
 * retries of its own and its sim models fail 3% of attempts with a 500, so episodes fail on an unavailable
 * upstream: the executors hand those failures back rather than failing their Spark tasks, and the round plays the
 * failed episodes again; their replayed calls are answered from the cache, so the run pays for exactly the calls
 * of the undisturbed run and ends exactly as it does. ({@code StandaloneClusterIT} covers Spark's own task retries
 * after a lost executor.)
 */
class RetriedTaskCacheTest {
  private static final String CLUSTER_POOL = "cluster-configs/pools/sim-4-cluster.yaml";
  private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

  /** Counts failed task attempts; Spark creates it from {@code spark.extraListeners}. */
  public static final class FailedTasks extends SparkListener {
    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (taskEnd.taskInfo().failed()) {
        FAILED_TASKS.incrementAndGet();
      }
    }
  }

  @TempDir
  Path dir;

  private record Run(TrainingJob.Result result, long paid, long cacheHits, long failures, long playedAgain) {}

  private Run train(String name, String faults) throws Exception {
    Path runDir = Files.createDirectories(dir.resolve(name));
    TrainingFixtures.config(runDir, 2, 6, 6, 16, "");
    String pool = Files.readString(TrainingFixtures.repoFile(CLUSTER_POOL))
        .replace("path: ../../runs/cache/sim-4-cluster.db", "path: " + runDir.resolve("cache/replies.db"))
        .replaceAll("base_ms: \\d+, jitter_ms: \\d+", "base_ms: 0, jitter_ms: 0")
        .replace("    provider: sim\n", "    provider: sim\n" + faults);
    Files.writeString(runDir.resolve("pool.yaml"), "retry: {max_attempts: 1}\n" + pool);
    Path config = runDir.resolve("train.yaml");
    Files.writeString(config, Files.readString(config).replace("master: local[2]", "master: local[2,8]")
        .replace("max_in_flight: 64", "max_in_flight: 64\n  failed_episode_retries: 8\n  failed_episode_wait_s: 0")
        .replace("spark.ui.enabled: \"false\"", "spark.ui.enabled: \"false\"\n    spark.extraListeners: "
            + FailedTasks.class.getName()));
    TrainingJob.Result result = new TrainingJob(ConfigLoader.load(config), runDir.resolve("run").toString(),
        TrainingJob.Existing.FAIL).run();
    long paid = 0;
    long hits = 0;
    long failures = 0;
    long playedAgain = 0;
    for (GenerationMetrics generation : result.metrics()) {
      playedAgain += generation.episodesPlayedAgain();
      for (GenerationAccounts.Line line : generation.gatewayAccounts().byModel().values()) {
        paid += line.upstreamCalls();
        hits += line.cacheHits();
        failures += line.failures();
      }
    }
    return new Run(result, paid, hits, failures, playedAgain);
  }

  private static List<String> fitness(TrainingJob.Result result) {
    return result.metrics().stream().map(m -> m.generation() + " " + m.bestFitness() + " " + m.meanFitness() + " "
        + m.sigma() + " " + m.llmCalls() + " " + m.costUsd() + " " + m.modelChoices() + " " + m.roleChoices())
        .toList();
  }

  @Test
  void theClusterPoolCachesReplies() {
    assertEquals(CacheSpec.Kind.SQLITE,
        PoolConfig.load(TrainingFixtures.repoFile(CLUSTER_POOL)).settings().cache().kind());
  }

  @Test
  void anEpisodePlayedAgainIsAnsweredFromTheCacheAndPaysNothing() throws Exception {
    FAILED_TASKS.set(0);
    Run undisturbed = train("undisturbed", "");
    assertEquals(0, FAILED_TASKS.get(), "no task failed without faults");

    Run retried = train("retried", "    faults: {server_error: 0.03}\n");

    assertEquals(0, FAILED_TASKS.get(), "the executors handed the failures back; no Spark task failed");
    assertTrue(retried.playedAgain() > 0, "failed episodes were played again");
    assertEquals(0, undisturbed.playedAgain());
    assertTrue(retried.failures() > 0, "the gateway saw the failed calls");
    // Without the cache the replayed episodes would pay again for the calls they had made before failing.
    assertEquals(undisturbed.paid(), retried.paid(), "every call was paid once, episodes played again or not");
    // How many repeats reach the gateway, to be answered from its cache, depends on how many joined an identical
    // call in flight in the executor first (CoalescingPoolClient), which is timing: the two runs' hits are not
    // comparable, only present.
    assertTrue(retried.cacheHits() > 0, "the replayed episodes' calls came from the cache");
    assertArrayEquals(undisturbed.result().head(), retried.result().head());
    assertEquals(fitness(undisturbed.result()), fitness(retried.result()));
    assertEquals(results(undisturbed), results(retried));
    // How the held-out code answers were graded depends on what this JVM's grade cache already held (an earlier
    // test or the first run here may have run the same programs): the grades are the same, not the runs.
    CodeGrading before = undisturbed.result().eval().codeGrading();
    CodeGrading after = retried.result().eval().codeGrading();
    assertEquals(before.runs() + before.cacheHits(), after.runs() + after.cacheHits());
    assertEquals(0, after.sandboxFailures());
  }

  private static String results(Run run) {
    return String.valueOf(run.result().eval()).replace(run.result().runId(), "<run>")
        .replaceAll("codeGrading=CodeGrading\\[[^\\]]*\\]", "");
  }
}
