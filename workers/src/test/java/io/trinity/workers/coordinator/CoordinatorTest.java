package io.trinity.workers.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A coordinator reads through its candidate's SVF view of any encoder that offers one, and plays its settings. */
class CoordinatorTest {
  private static final HeadShape SHAPE = new HeadShape(2, 2);

  /** h = (s, -s) * the candidate's first scale: the SVF scales visibly change what the head sees. */
  private static final class ScaledEncoder implements Encoder {
    final float scale;
    final List<String> targets;
    final List<float[]> views = new ArrayList<>();

    ScaledEncoder(float scale) {
      this(scale, List.of("w"));
    }

    ScaledEncoder(float scale, List<String> targets) {
      this.scale = scale;
      this.targets = targets;
    }

    @Override
    public int dimension() {
      return 2;
    }

    @Override
    public String name() {
      return "scaled";
    }

    @Override
    public float[] encode(Transcript transcript) {
      return new float[] {scale, -scale};
    }

    @Override
    public List<String> svfTargets() {
      return targets;
    }

    @Override
    public Encoder withSvfScales(float[] scales) {
      views.add(scales);
      return new ScaledEncoder(scale * scales[0]);
    }
  }

  private static CoordinatorSpec spec(String[] svf, int[] ranks) {
    return new CoordinatorSpec(new String[] {"a", "b"},
        new EncoderSpec.Qwen3("/m", "float32", 64, 0, 1, svf),
        new CandidateLayout(SHAPE, HeadType.LINEAR, 0, svf, ranks), RolePrompts.CURRENT,
        new EpisodeSettings(2, 0.5, 99));
  }

  @Test
  void svfScalesReachTheEncoderThroughItsContract() {
    CoordinatorSpec spec = spec(new String[] {"w"}, new int[] {1});
    // Model logits (x, -x) and (-x, x): model 0 wins when h's first entry is positive.
    float[] head = {1, -1, -1, 1, 0, 0, 0, 0, 0, 0};
    float[] positive = new float[head.length + 1];
    float[] negative = new float[head.length + 1];
    System.arraycopy(head, 0, positive, 0, head.length);
    System.arraycopy(head, 0, negative, 0, head.length);
    positive[head.length] = 2;
    negative[head.length] = -2;
    ScaledEncoder shared = new ScaledEncoder(1);
    Transcript query = Transcript.of("q");
    assertEquals(0, Coordinator.of(spec, positive, shared).decide(query).model());
    assertEquals(1, Coordinator.of(spec, negative, shared).decide(query).model());
    assertArrayEquals(new float[] {2}, shared.views.get(0));
    assertEquals(new LinearHead(SHAPE, head).decide(new float[] {2, -2}),
        Coordinator.of(spec, positive, shared).decide(query));
  }

  @Test
  void anEncoderWithoutTheCandidatesSvfTargetsIsRefused() {
    CoordinatorSpec spec = spec(new String[] {"v"}, new int[] {1});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Coordinator.of(spec, new float[11], new ScaledEncoder(1)));
    assertTrue(e.getMessage().contains("SVF targets [w], the candidates scale [v]"), e.getMessage());
    Encoder plain = new Encoder() {
      @Override
      public int dimension() {
        return 2;
      }

      @Override
      public String name() {
        return "plain";
      }

      @Override
      public float[] encode(Transcript transcript) {
        return new float[2];
      }
    };
    assertThrows(UnsupportedOperationException.class, () -> plain.withSvfScales(new float[1]));
  }

  @Test
  void episodesCarryTheCoordinatorsPromptsSettingsAndSamples() {
    CoordinatorSpec spec = spec(new String[0], new int[0]);
    ScaledEncoder shared = new ScaledEncoder(1, List.of());
    Coordinator coordinator = Coordinator.of(spec, new float[10], shared);
    var episode = coordinator.episode(DemoTasks.load().get(0), Sampling.validation(3));
    assertSame(coordinator, episode.policy());
    assertEquals(new EpisodeSettings(2, 0.5, 99), episode.settings());
    assertEquals(RolePrompts.CURRENT, episode.prompts());
    assertEquals(new Sampling(Sampling.VALIDATION_INDEX, 3), episode.sampling());
    assertEquals(List.of("a", "b"), coordinator.models());
    assertTrue(shared.views.isEmpty(), "no SVF view without SVF targets");
    assertNotEquals(Sampling.training(3), Sampling.validation(3));
  }
}
