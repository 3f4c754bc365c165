package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.driver.eval.PolicyScore;
import io.trinity.driver.spark.ExecutorResources;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.gateway.pool.Budget;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code gateway.url} set, the job starts no gateway of its own, every call goes to the named one, and that
 * gateway's spent budget stops the run as the in-process gateway's does.
 */
class ExternalGatewayTest {
  @TempDir
  Path dir;

  @Test
  void everyCallGoesToTheConfiguredGateway() throws Exception {
    try (GatewayServer external = externalGateway(Budget.UNLIMITED)) {
      String extra = "gateway:\n  url: " + external.baseUrl() + "\n";
      long joinedBefore = ExecutorResources.coalescedCalls();
      TrainingJob.Result result = new TrainingJob(TrainingFixtures.config(dir, 2, 4, 4, 16, extra),
          dir.resolve("run").toString(), TrainingJob.Existing.FAIL).run();
      // Identical calls in flight in one executor reach a gateway once (CoalescingPoolClient); this JVM is the
      // executors' in local mode, so it counts the calls that joined one.
      long joined = ExecutorResources.coalescedCalls() - joinedBefore;

      long served = external.stats().models().values().stream().mapToLong(m -> m.calls()).sum();
      assertTrue(served > 0, "the external gateway served the run");
      assertEquals(result.models().size() + result.metrics().get(1).totalLlmCalls() + heldOutCalls(result),
          served + joined, "the pool check's call to each model, and every training and held-out call, went through "
              + "the external gateway or joined an identical one that did");
    }
  }

  @Test
  void aSpentBudgetOnTheExternalGatewayStopsTheRunWithItsCheckpoint() throws Exception {
    try (GatewayServer external = externalGateway(new Budget(150L, null, null))) {
      String extra = "gateway:\n  url: " + external.baseUrl() + "\n";
      Path runDir = dir.resolve("run");
      // 7 heads x 6 queries: 42 to 126 calls a generation, so 150 calls end the run in its second or third one.
      TrainingJob.Result stopped = new TrainingJob(TrainingFixtures.config(dir, 5, 6, 6, 16, extra),
          runDir.toString(), TrainingJob.Existing.FAIL).run();

      assertTrue(external.budgetExhausted());
      int done = stopped.metrics().size();
      assertTrue(done >= 1 && done < 5, "generations before the budget ran out: " + done);
      assertNull(stopped.eval(), "no held-out comparison on a spent budget");
      JsonNode checkpoint = new ObjectMapper().readTree(runDir.resolve(Checkpoint.FILE).toFile());
      assertEquals(done, checkpoint.get("optimiser").get("state").get("generation").asInt());
      assertTrue(checkpoint.get("paid").isNull(), "an external gateway's spend is its own to keep");
    }
  }

  /** A gateway of its own on loopback, serving the demo pool with the demo's answer key. */
  private GatewayServer externalGateway(Budget budget) throws Exception {
    Path key = dir.resolve("key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(DemoTasks.load(), out);
    }
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    return GatewayServer.builder().pool(PoolConfig.load(pool)).answerKey(key).budget(budget)
        .host("127.0.0.1").port(0).build().start();
  }

  private static long heldOutCalls(TrainingJob.Result result) {
    // One call a turn. The votes and the oracle make no calls of their own; self-consistency's voters are the best
    // single model's answer (counted with the single models) and its extra samples.
    long calls = 0;
    for (PolicyScore policy : result.eval().policies()) {
      long turns = Math.round(policy.meanTurns() * policy.n());
      calls += switch (policy.kind()) {
        case HEAD, SINGLE_MODEL, RANDOM_ROUTER, PIPELINE -> turns;
        case SELF_CONSISTENCY -> turns - policy.n();
        case MAJORITY_VOTE, ORACLE -> 0;
      };
    }
    return calls;
  }
}
