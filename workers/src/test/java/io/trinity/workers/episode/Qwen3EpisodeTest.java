package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.Task;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.head.Safetensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Qwen3 encoder steering real episodes: many in flight against the simulated pool, one shared encoder. */
class Qwen3EpisodeTest {
  private static final List<Task> TASKS = DemoTasks.load().subList(0, 12);
  private static final Qwen3Config CONFIG = new Qwen3Config(64, 2, 4, 2, 24, 96, 1e-6, 1e6, 300, true, "bfloat16");

  @TempDir
  Path dir;

  private static List<EpisodeResult> play(SimPoolFixture pool, Qwen3Encoder encoder, LinearHead head) {
    EpisodeRunner runner = new EpisodeRunner(pool.client, List.of("perfect", "hopeless"),
        new EpisodeSettings(3, 0.7, 256, 12));
    List<EpisodeJob> jobs = new ArrayList<>();
    for (Task task : TASKS) {
      jobs.add(new EpisodeJob(task, new CoordinatorPolicy(encoder, head), 3, 0));
    }
    return runner.runAll(jobs);
  }

  @Test
  void concurrentEpisodesShareOneEncoderAndDecideAsWithoutBatchingOrCache() throws Exception {
    Path model = dir.resolve("model");
    RandomCheckpoint.write(model, CONFIG, 3, Safetensors.Dtype.BF16);
    HeadShape shape = new HeadShape(CONFIG.hiddenSize(), 2);
    float[] weights = new float[shape.parameterCount()];
    Random random = new Random(5);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    LinearHead head = new LinearHead(shape, weights);
    try (SimPoolFixture pool = new SimPoolFixture(Files.createDirectories(dir.resolve("pool")), TASKS,
            SimPoolFixture.pool(20, "perfect", "1.0", "hopeless", "0.0"));
        Qwen3Encoder shared = Qwen3Encoder.builder(model).build();
        Qwen3Encoder plain = Qwen3Encoder.builder(model).cacheBytes(0).maxBatch(1).build()) {
      List<EpisodeResult> batched = play(pool, shared, head);
      List<EpisodeResult> oneByOne = play(pool, plain, head);
      int turns = 0;
      for (int i = 0; i < TASKS.size(); i++) {
        assertArrayEquals(oneByOne.get(i).models(), batched.get(i).models(), "task " + i);
        assertArrayEquals(oneByOne.get(i).roles(), batched.get(i).roles(), "task " + i);
        assertEquals(oneByOne.get(i).reward(), batched.get(i).reward());
        turns += batched.get(i).turns();
      }
      assertTrue(turns > TASKS.size(), "some episodes ran several turns: " + turns);
    }
  }
}
