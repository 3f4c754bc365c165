package io.trinity.workers.episode;

import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real gateway on loopback serving a simulated pool that knows the given tasks' answers. */
final class SimPoolFixture implements AutoCloseable {
  final GatewayServer gateway;
  final PoolClient client;

  SimPoolFixture(Path dir, List<Task> tasks, String poolYaml) throws IOException {
    Path key = dir.resolve("answer-key.jsonl");
    try (OutputStream out = Files.newOutputStream(key)) {
      AnswerKey.write(tasks, out);
    }
    gateway = GatewayServer.builder()
        .pool(PoolConfig.parse(poolYaml, "test-pool.yaml"))
        .answerKey(key)
        .host("127.0.0.1")
        .port(0)
        .build();
    gateway.start();
    client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).requestTimeout(Duration.ofSeconds(30)).build();
  }

  /** A pool of models each with one fixed skill for every category and role. */
  static String pool(int latencyMs, String... nameSkillPairs) {
    StringBuilder yaml = new StringBuilder("seed: 11\nmodels:\n");
    for (int i = 0; i < nameSkillPairs.length; i += 2) {
      String p = nameSkillPairs[i + 1];
      yaml.append("  - name: ").append(nameSkillPairs[i]).append('\n')
          .append("    provider: sim\n")
          .append("    price: {input_per_mtok: 1.0, output_per_mtok: 2.0}\n")
          .append("    latency: {base_ms: ").append(latencyMs).append(", jitter_ms: 0}\n")
          .append("    skills:\n")
          .append("      default: {thinker: ").append(p).append(", worker: ").append(p)
          .append(", verifier: ").append(p).append("}\n");
    }
    return yaml.toString();
  }

  @Override
  public void close() {
    client.close();
    gateway.close();
  }
}
