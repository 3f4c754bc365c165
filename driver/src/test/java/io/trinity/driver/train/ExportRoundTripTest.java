package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.eval.QuestionRecord;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.io.TaskCatalog;
import io.trinity.gateway.client.OpenAiClient;
import io.trinity.gateway.client.PoolClient;
import io.trinity.gateway.pool.PoolConfig;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeRunner;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.export.ExportedHead;
import io.trinity.workers.export.ReadOptions;
import io.trinity.workers.transcript.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export is the coordinator the training job trained: read back with the export reader into a fresh
 * coordinator, outside Spark and through a new gateway over the same pool, it makes the same decisions and earns the
 * same reward on every held-out task as the head did inside the job.
 */
class ExportRoundTripTest {
  @TempDir
  Path dir;

  @Test
  void theReloadedCoordinatorPlaysTheHeldOutTasksAsTheTrainingJobDid() throws Exception {
    Path out = dir.resolve("run");
    TrainingConfig config = TrainingFixtures.config(dir, 6, 12, 8, 32, 0.25, 2, "");
    TrainingJob.Result trained = new TrainingJob(config, out.toString(), TrainingJob.Existing.FAIL).run();

    PoolConfig pool = PoolConfig.load(Path.of(config.pool().file()));
    ExportedHead export = HeadExports.read(RunDirectory.open(out.toString(), new Configuration()),
        ReadOptions.strict().withPool(pool.modelNames()));
    assertEquals(trained.coordinator(), export.spec());
    assertArrayEquals(trained.head(), export.candidate());
    assertEquals(trained.runId(), export.manifest().training().runId());
    assertEquals(6, export.manifest().training().generations());

    TaskSplit split = TaskSplit.of(TaskCatalog.load(config.tasks(), new Configuration()),
        config.tasks().heldOutFraction(), config.tasks().validationFraction(), config.run().seed());
    Coordinator reloaded = export.coordinator(export.spec().encoder().create(Device.cpu()));
    List<Episode> episodes = new ArrayList<>();
    for (int task : split.heldOut()) {
      episodes.add(reloaded.episode(split.tasks()[task], Sampling.heldOut()));
    }
    List<EpisodeResult> replayed;
    try (GatewayServer gateway = GatewayServer.builder().pool(pool).answerKey(out.resolve("answer-key.jsonl"))
            .host("127.0.0.1").port(0).build()) {
      gateway.start();
      try (PoolClient client = OpenAiClient.builder().baseUrl(gateway.baseUrl()).build()) {
        replayed = new EpisodeRunner(client, reloaded.models(), 32).runAll(episodes);
      }
    }

    List<QuestionRecord> inJob = trained.heldOutRecords();
    assertEquals(split.heldOut().length, inJob.size());
    int turns = 0;
    for (int i = 0; i < inJob.size(); i++) {
      QuestionRecord expected = inJob.get(i);
      EpisodeResult actual = replayed.get(i);
      String task = expected.taskId();
      assertEquals(task, actual.taskId());
      assertEquals(expected.models(), Arrays.stream(actual.models()).mapToObj(reloaded.models()::get).toList(),
          task + ": models");
      assertEquals(expected.roles(), Arrays.stream(actual.roles()).mapToObj(r -> Role.values()[r].name()).toList(),
          task + ": roles");
      assertEquals(expected.correct() ? 1.0 : 0.0, actual.reward(), task + ": reward");
      assertEquals(expected.answer(), actual.extracted(), task + ": answer");
      turns += actual.turns();
    }
    assertEquals(trained.eval().firstHead().accuracy(),
        replayed.stream().mapToDouble(EpisodeResult::reward).average().orElseThrow());
    assertTrue(turns > inJob.size(), "some held-out episodes took several turns: " + turns);
    float[] untrained = new float[trained.head().length];
    assertTrue(!Arrays.equals(untrained, trained.head()), "the head was trained");
  }
}
