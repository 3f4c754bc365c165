package io.trinity.workers.encode.qwen3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import io.trinity.workers.head.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Qwen3ModelTest {
  private static final double TOLERANCE = 1e-4;
  private static final TinyQwen3 TINY = TinyQwen3.random(7);
  private static final ReferenceQwen3 REFERENCE = new ReferenceQwen3(TINY);
  private static Qwen3Model model;

  @TempDir
  static Path dir;

  @BeforeAll
  static void load() throws Exception {
    model = Qwen3Model.load(Qwen3Checkpoint.open(TINY.writeTo(dir.resolve("f32"), Safetensors.Dtype.F32)),
        Device.cpu(), DataType.FLOAT32);
    // Weights must own their memory: buffers they were created from may be freed by the next collection.
    System.gc();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static int[] randomTokens(Random random, int length) {
    int[] tokens = new int[length];
    for (int i = 0; i < length; i++) {
      tokens[i] = random.nextInt(TinyQwen3.VOCAB);
    }
    return tokens;
  }

  private static float[] run(Qwen3Model m, int[] tokens) {
    Qwen3Model.Result result = m.forward(List.of(new Qwen3Model.Step(KvCache.empty(), tokens, tokens.length - 2)))
        .get(0);
    result.cache().close();
    return result.hidden();
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
    }
    assertTrue(worst <= TOLERANCE, what + ": max abs diff " + worst);
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    double[] wide = new double[expected.length];
    for (int i = 0; i < wide.length; i++) {
      wide[i] = expected[i];
    }
    assertClose(wide, actual, what);
  }

  @Test
  void forwardEqualsThePlainJavaReference() {
    Random random = new Random(11);
    for (int length : new int[] {2, 3, 9, 31, 80}) {
      int[] tokens = randomTokens(random, length);
      double[] expected = REFERENCE.hiddenAt(tokens, length - 2);
      float[] actual = run(model, tokens);
      assertClose(expected, actual, "length " + length);
      // the representation is not trivially constant: it depends on the tokens
      assertTrue(Math.abs(expected[0] - REFERENCE.hiddenAt(randomTokens(random, length), length - 2)[0]) > 1e-6);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Safetensors.Dtype.class, names = {"F16", "BF16"})
  void halfPrecisionCheckpointsLoadToTheSameFloat32Model(Safetensors.Dtype dtype) throws Exception {
    int[] tokens = randomTokens(new Random(3), 17);
    double[] expected = REFERENCE.hiddenAt(tokens, 15);
    try (Qwen3Model half = Qwen3Model.load(Qwen3Checkpoint.open(TINY.writeTo(dir.resolve(dtype.name()), dtype)),
        Device.cpu(), DataType.FLOAT32)) {
      assertClose(expected, run(half, tokens), dtype.name());
    }
  }

  @Test
  void randomCheckpointWritesTheSameModelAsTheTestFixture() throws Exception {
    Path written = dir.resolve("random");
    RandomCheckpoint.write(written, TinyQwen3.config(), 7, Safetensors.Dtype.BF16);
    int[] tokens = randomTokens(new Random(9), 10);
    try (Qwen3Model random = Qwen3Model.load(Qwen3Checkpoint.open(written), Device.cpu(), DataType.FLOAT32)) {
      assertClose(REFERENCE.hiddenAt(tokens, 8), run(random, tokens), "random checkpoint");
    }
  }

  @Test
  void shardedCheckpointLoads() throws Exception {
    int[] tokens = randomTokens(new Random(5), 12);
    try (Qwen3Model sharded = Qwen3Model.load(
        Qwen3Checkpoint.open(TINY.writeShardedTo(dir.resolve("sharded"), Safetensors.Dtype.BF16, 3)),
        Device.cpu(), DataType.FLOAT32)) {
      assertClose(REFERENCE.hiddenAt(tokens, 10), run(sharded, tokens), "sharded");
    }
  }

  @Test
  void incrementalEqualsFullRecomputation() {
    Random random = new Random(13);
    int[] all = randomTokens(random, 40);
    int[] cuts = {7, 8, 19, 33, 40};
    KvCache cache = KvCache.empty();
    int done = 0;
    for (int cut : cuts) {
      int[] fresh = Arrays.copyOfRange(all, done, cut);
      Qwen3Model.Result step = model.forward(List.of(new Qwen3Model.Step(cache, fresh,
          Math.max(0, fresh.length - 2)))).get(0);
      cache.close();
      cache = step.cache();
      assertEquals(cut, cache.length());
      if (fresh.length >= 2) {
        int[] prefix = Arrays.copyOf(all, cut);
        assertClose(run(model, prefix), step.hidden(), "prefix of " + cut);
        assertClose(REFERENCE.hiddenAt(prefix, cut - 2), step.hidden(), "reference prefix of " + cut);
      }
      done = cut;
    }
    cache.close();
  }

  @Test
  void batchedEqualsOneByOne() {
    Random random = new Random(17);
    List<KvCache> pasts = new ArrayList<>();
    List<int[]> prefixes = new ArrayList<>();
    // sequences with no cache, a short cache and a long cache, and new parts of different lengths
    for (int pastLength : new int[] {0, 5, 23, 0}) {
      int[] prefix = randomTokens(random, pastLength);
      prefixes.add(prefix);
      if (pastLength == 0) {
        pasts.add(KvCache.empty());
      } else {
        Qwen3Model.Result r = model.forward(List.of(new Qwen3Model.Step(KvCache.empty(), prefix, 0))).get(0);
        pasts.add(r.cache());
      }
    }
    int[][] fresh = {randomTokens(random, 6), randomTokens(random, 2), randomTokens(random, 11),
        randomTokens(random, 19)};
    List<Qwen3Model.Step> steps = new ArrayList<>();
    for (int b = 0; b < fresh.length; b++) {
      steps.add(new Qwen3Model.Step(pasts.get(b), fresh[b], fresh[b].length - 2));
    }
    List<Qwen3Model.Result> batched = model.forward(steps);
    for (int b = 0; b < fresh.length; b++) {
      Qwen3Model.Result alone = model.forward(List.of(steps.get(b))).get(0);
      assertClose(alone.hidden(), batched.get(b).hidden(), "sequence " + b);
      int[] whole = concat(prefixes.get(b), fresh[b]);
      assertClose(REFERENCE.hiddenAt(whole, whole.length - 2), batched.get(b).hidden(), "reference " + b);
      // the batched caches continue exactly like the one-by-one ones
      int[] more = randomTokens(random, 4);
      assertClose(continued(alone.cache(), more), continued(batched.get(b).cache(), more), "continued sequence " + b);
      alone.cache().close();
      batched.get(b).cache().close();
      pasts.get(b).close();
    }
  }

  private static float[] continued(KvCache past, int[] more) {
    Qwen3Model.Result result = model.forward(List.of(new Qwen3Model.Step(past, more, more.length - 2))).get(0);
    result.cache().close();
    return result.hidden();
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void aGpuTheNativesDoNotSeeFailsNamingTheGpuAndTheFixWhileTheCpuLoads() {
    // One past the GPUs the natives see: on a CPU machine GPU 0, the case of CPU-only natives given a Spark GPU.
    int gpus = Engine.getEngine(Qwen3Model.ENGINE).getGpuCount();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Qwen3Model.requireDevice(Device.gpu(gpus)));
    assertTrue(e.getMessage().contains("given GPU " + gpus) && e.getMessage().contains("see " + gpus + " GPU(s)")
        && e.getMessage().contains("spark.*.resource.gpu"), e.getMessage());
    assertEquals(gpus == 0, e.getMessage().contains("CPU-only natives"), e.getMessage());
    Qwen3Model.requireDevice(Device.cpu());
    if (gpus > 0) {
      Qwen3Model.requireDevice(Device.gpu(gpus - 1));
    }
  }
}
