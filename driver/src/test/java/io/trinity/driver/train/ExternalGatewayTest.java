package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code gateway.url} set, the job starts no gateway of its own and every call goes to the named one. */
class ExternalGatewayTest {
  @TempDir
  Path dir;

  @Test
  void everyCallGoesToTheConfiguredGateway() throws Exception {
    Path key = dir.resolve("key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(DemoTasks.load(), out);
    }
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    try (GatewayServer external = GatewayServer.builder().pool(PoolConfig.load(pool)).answerKey(key)
        .host("127.0.0.1").port(0).build().start()) {
      String extra = "gateway:\n  url: " + external.baseUrl() + "\n";
      TrainingJob.Result result = new TrainingJob(TrainingFixtures.config(dir, 2, 4, 4, 16, extra),
          dir.resolve("run").toString(), TrainingJob.Existing.FAIL).run();

      long served = external.stats().models().values().stream().mapToLong(m -> m.calls()).sum();
      assertTrue(served > 0, "the external gateway served the run");
      assertEquals(result.metrics().get(1).totalLlmCalls() + heldOutCalls(result), served,
          "every training and held-out call went through the external gateway");
    }
  }

  private static long heldOutCalls(TrainingJob.Result result) {
    // Each single model answers each held-out question once; the coordinator's turns are its mean turns x n.
    var eval = result.eval();
    long singles = eval.singleModels().values().stream().mapToLong(s -> s.n()).sum();
    return singles + Math.round(eval.coordinator().meanTurns() * eval.coordinator().n());
  }
}
