package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pool budget stops training cleanly: the run ends with the checkpoint of its last complete generation, the
 * metrics show the gateway's accounts per model and role, a resume on the same budget finds it spent, and a resume
 * with a larger budget finishes the run.
 */
class BudgetStopTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  @Test
  void aSpentBudgetStopsWithACheckpointAndAResumeFinishes() throws Exception {
    TrainingConfig config = TrainingFixtures.config(dir, 5, 6, 6, 16, "");
    Path pool = dir.resolve(config.pool().file());
    String unlimited = Files.readString(pool);
    // 7 heads x 6 queries: 42 to 126 calls a generation, so 150 calls end the run in its second or third one.
    Files.writeString(pool, "budget: {calls: 150}\n" + unlimited);
    Path runDir = dir.resolve("run");
    TrainingJob.Result stopped = new TrainingJob(config, runDir.toString(), TrainingJob.Existing.FAIL).run();

    List<GenerationMetrics> done = stopped.metrics();
    assertTrue(done.size() >= 1 && done.size() < 5, "generations before the budget ran out: " + done.size());
    assertNull(stopped.eval(), "no held-out comparison on a spent budget");
    JsonNode checkpoint = JSON.readTree(runDir.resolve(Checkpoint.FILE).toFile());
    assertEquals(done.size(), checkpoint.get("optimiser").get("state").get("generation").asInt());
    assertTrue(Files.exists(runDir.resolve("head.safetensors")));
    GenerationAccounts accounts = done.get(0).gatewayAccounts();
    assertNotNull(accounts);
    // Identical calls in flight at once go to the gateway once from an executor (CoalescingPoolClient), and
    // upstream once from the gateway, whose accounts count the others as cache hits.
    long answered = accounts.byModel().values().stream().mapToLong(l -> l.upstreamCalls() + l.cacheHits()).sum();
    assertTrue(answered > 0 && answered <= done.get(0).llmCalls(), "the gateway answered " + answered + " of the "
        + "generation's " + done.get(0).llmCalls() + " calls");
    assertTrue(accounts.byRole().keySet().stream().allMatch(r -> List.of("thinker", "worker", "verifier")
        .contains(r)), accounts.byRole().toString());
    assertTrue(accounts.byRole().containsKey("worker"));

    // The checkpoint keeps what was paid, the cut-short generation included, so a resume on the same budget
    // has nothing left to spend: it stops at once instead of starting a fresh budget.
    JsonNode paid = checkpoint.get("paid");
    assertNotNull(paid, "the checkpoint keeps what the gateway paid");
    assertTrue(paid.get("calls").asLong() >= 150, "paid calls: " + paid);
    assertTrue(paid.get("cost_usd").asDouble() > 0, "paid cost: " + paid);
    TrainingJob.Result again = new TrainingJob(config, runDir.toString(), TrainingJob.Existing.RESUME).run();
    assertEquals(done.size(), again.metrics().size(), "no generation runs on a budget already spent");
    assertNull(again.eval());
    JsonNode afterAgain = JSON.readTree(runDir.resolve(Checkpoint.FILE).toFile());
    assertEquals(done.size(), afterAgain.get("optimiser").get("state").get("generation").asInt());
    assertEquals(paid.get("calls").asLong(), afterAgain.get("paid").get("calls").asLong(),
        "a session that found the budget spent paid nothing");

    Files.writeString(pool, unlimited);
    TrainingJob.Result resumed = new TrainingJob(config, runDir.toString(), TrainingJob.Existing.RESUME).run();
    assertEquals(5, resumed.metrics().size(), "the metrics log keeps the generations before the stop");
    for (int g = 0; g < 5; g++) {
      assertEquals(g, resumed.metrics().get(g).generation());
    }
    assertNotNull(resumed.eval());
    assertEquals(5, JSON.readTree(runDir.resolve(Checkpoint.FILE).toFile()).get("optimiser").get("state")
        .get("generation").asInt());
  }
}
