package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.Task;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.qwen3.Qwen3Config;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.encode.qwen3.RandomCheckpoint;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.transcript.RolePrompts;
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

  private static List<EpisodeResult> play(SimPoolFixture pool, Qwen3Encoder encoder, Path model, float[] head) {
    CoordinatorSpec spec = new CoordinatorSpec(new String[] {"perfect", "hopeless"},
        new EncoderSpec.Qwen3(model.toString(), "float32", 4096, 1L << 30, 16, new String[0]),
        CandidateLayout.linear(new HeadShape(CONFIG.hiddenSize(), 2)), RolePrompts.CURRENT,
        new EpisodeSettings(3, 0.7, 256));
    Coordinator coordinator = Coordinator.of(spec, head, encoder);
    List<Episode> episodes = new ArrayList<>();
    for (Task task : TASKS) {
      episodes.add(coordinator.episode(task, Sampling.training(0)));
    }
    return new EpisodeRunner(pool.client, coordinator.models(), 12).runAll(episodes);
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
    try (SimPoolFixture pool = new SimPoolFixture(Files.createDirectories(dir.resolve("pool")), TASKS,
            SimPoolFixture.pool(20, "perfect", "1.0", "hopeless", "0.0"));
        Qwen3Encoder shared = Qwen3Encoder.builder(model).build();
        Qwen3Encoder plain = Qwen3Encoder.builder(model).cacheBytes(0).maxBatch(1).build()) {
      List<EpisodeResult> batched = play(pool, shared, model, weights);
      List<EpisodeResult> oneByOne = play(pool, plain, model, weights);
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
