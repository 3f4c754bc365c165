package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway that demands a bearer token gets it from every executor: the in-process gateway of a pool file with
 * {@code auth_token_env}, and an external gateway named with {@code gateway.api_key_env}. Surefire sets
 * {@value #TOKEN_ENV} (driver/pom.xml), as a user exports it before {@code trinity train}.
 */
class PoolTokenTrainingTest {
  private static final String TOKEN_ENV = "TRINITY_TEST_GATEWAY_TOKEN";

  @TempDir
  Path dir;

  @Test
  void theInProcessGatewaysPoolTokenReachesTheExecutors() throws Exception {
    var config = TrainingFixtures.config(dir, 2, 4, 4, 16, "");
    Path pool = dir.resolve("pool.yaml");
    Files.writeString(pool, "auth_token_env: " + TOKEN_ENV + "\n" + Files.readString(pool));

    TrainingJob.Result result = new TrainingJob(config, dir.resolve("run").toString(), TrainingJob.Existing.FAIL)
        .run();

    assertEquals(2, result.metrics().size());
    for (GenerationMetrics generation : result.metrics()) {
      assertTrue(generation.llmCalls() > 0, "calls were answered in generation " + generation.generation());
      assertTrue(generation.completionTokens() > 0, "replies came back in generation " + generation.generation());
    }
    assertNotNull(result.eval(), "the held-out comparison ran through the authenticated gateway too");
  }

  @Test
  void anExternalGatewaysTokenReachesTheExecutors() throws Exception {
    Path key = dir.resolve("key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(DemoTasks.load(), out);
    }
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    Files.writeString(pool, "auth_token_env: EXTERNAL_TOKEN\n" + Files.readString(pool));
    try (GatewayServer external = GatewayServer.builder().pool(PoolConfig.load(pool)).answerKey(key)
        .environment(Map.of("EXTERNAL_TOKEN", System.getenv(TOKEN_ENV))).host("127.0.0.1").port(0).build()
        .start()) {
      TrainingJob.Result result = new TrainingJob(TrainingFixtures.config(Files.createDirectories(dir.resolve(
          "job")), 2, 4, 4, 16,
          "gateway:\n  url: " + external.baseUrl() + "\n  api_key_env: " + TOKEN_ENV + "\n"),
          dir.resolve("run").toString(), TrainingJob.Existing.FAIL).run();

      long served = external.stats().models().values().stream().mapToLong(m -> m.calls()).sum();
      assertTrue(served > 0, "the external gateway answered the executors");
      assertEquals(served, external.accounting().total().upstreamCalls() + external.accounting().total().cacheHits(),
          "every call it served was authenticated and answered");
      assertNotNull(result.eval());
    }
  }
}
