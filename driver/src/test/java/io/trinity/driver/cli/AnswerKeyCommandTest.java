package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.train.TrainingFixtures;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trinity answer-key} writes, for a training or an evaluation config, the answer key that an external sim
 * gateway loads: one entry per task, found by its prompt's hash.
 */
class AnswerKeyCommandTest {
  @TempDir
  Path dir;

  private static List<String> hashesOf(List<Task> tasks) {
    return tasks.stream().map(t -> AnswerKey.queryHash(t.prompt())).toList();
  }

  private static void assertKeyHolds(Path key, List<Task> tasks) throws Exception {
    List<String> lines = Files.readAllLines(key);
    assertEquals(tasks.size(), lines.size());
    for (int i = 0; i < tasks.size(); i++) {
      assertTrue(lines.get(i).contains(hashesOf(tasks).get(i)), "entry " + i + " is task " + tasks.get(i).id());
    }
  }

  @Test
  void aTrainingConfigsKeyCoversEveryTaskAndAGatewayLoadsIt() throws Exception {
    TrainingFixtures.config(dir, 1, 4, 4, 16, "");
    Path key = dir.resolve("keys/train-key.jsonl");
    CliRun run = CliRun.of("answer-key", "--config", dir.resolve("train.yaml").toString(), "--out", key.toString());

    assertEquals(0, run.exitCode(), run.err());
    List<Task> demo = DemoTasks.load();
    assertEquals("wrote the answer key of " + demo.size() + " tasks to " + key, run.out().strip());
    assertKeyHolds(key, demo);
    try (GatewayServer gateway = GatewayServer.builder().pool(PoolConfig.load(dir.resolve("pool.yaml")))
        .answerKey(key).port(0).build()) {
      assertTrue(gateway.port() > 0, "the sim gateway read the key");
    }
  }

  @Test
  void anEvaluationConfigsKeyCoversItsTaskFiles() throws Exception {
    Files.writeString(dir.resolve("mine.jsonl"), """
        {"id": "q1", "prompt": "What is 2 + 3?", "answer": 5, "format": "number"}
        {"id": "q2", "prompt": "What is 7 - 4?", "answer": 3, "format": "number"}
        """);
    TrainingFixtures.demoPoolWithoutLatency(dir);
    Path config = Files.writeString(dir.resolve("evaluate.yaml"), """
        heads:
          - path: runs/not-needed-for-the-key
        tasks:
          files:
            - {benchmark: custom, path: mine.jsonl}
        pool:
          file: pool.yaml
        """);
    Path key = dir.resolve("eval-key.jsonl");
    CliRun run = CliRun.of("answer-key", "--config", config.toString(), "--out", key.toString());

    assertEquals(0, run.exitCode(), run.err());
    List<String> lines = Files.readAllLines(key);
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains(AnswerKey.queryHash("What is 2 + 3?")), lines.get(0));
    assertTrue(lines.get(1).contains(AnswerKey.queryHash("What is 7 - 4?")), lines.get(1));
  }

  @Test
  void aMissingTaskFileIsNamed() throws Exception {
    TrainingFixtures.demoPoolWithoutLatency(dir);
    Path config = Files.writeString(dir.resolve("train.yaml"), """
        tasks:
          files:
            - {benchmark: gsm8k, path: nowhere/gsm8k.jsonl}
        pool:
          file: pool.yaml
        """);
    CliRun run = CliRun.of("answer-key", "--config", config.toString(), "--out", dir.resolve("k.jsonl").toString());

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: ") && run.err().contains("nowhere/gsm8k.jsonl"), run.err());
  }
}
