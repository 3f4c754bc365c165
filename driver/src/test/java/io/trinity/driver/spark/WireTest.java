package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import io.trinity.driver.config.ConfigLoader;
import io.trinity.gateway.api.CallFailure;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.episode.EpisodeOutcome;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Turn;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;
import scala.reflect.ClassTag;

/**
 * What a round ships crosses Spark's wire under Kryo with registration required, and encoders run on the device
 * Spark gave the task.
 */
class WireTest {
  private static final String HEAD = "tasks:\n  bundled: demo\npool:\n  file: p.yaml\nencoder:\n";

  private static <T> T roundTrip(T value, Class<T> type) {
    SparkConf conf = new SparkConf()
        .set("spark.kryo.registrationRequired", "true")
        .set("spark.kryo.registrator", TrinityKryoRegistrator.class.getName());
    SerializerInstance kryo = new KryoSerializer(conf).newInstance();
    ClassTag<T> tag = ClassTag$.MODULE$.apply(type);
    ByteBuffer bytes = kryo.serialize(value, tag);
    return kryo.deserialize(bytes, tag);
  }

  @Test
  void qwen3DescriptionRoundTripsThroughKryo() {
    EncoderSpec spec = ConfigLoader.parse(HEAD + """
          type: qwen3
          model: /models/qwen3-0.6b
          compute_type: bfloat16
          token_budget: 2048
          cache_bytes: 1000000
          max_batch: 32
          svf: [model.layers.27.mlp.down_proj.weight]
        """, "t.yaml").encoder().spec();
    EncoderSpec.Qwen3 back = (EncoderSpec.Qwen3) roundTrip(spec, EncoderSpec.class);
    assertEquals(spec.key(), back.key());
    assertEquals("/models/qwen3-0.6b", back.model());
    assertEquals("bfloat16", back.computeType());
    assertEquals(2048, back.tokenBudget());
    assertEquals(1_000_000L, back.cacheBytes());
    assertEquals(32, back.maxBatch());
    assertArrayEquals(new String[] {"model.layers.27.mlp.down_proj.weight"}, back.svf());
  }

  @Test
  void hashingDescriptionRoundTripsAndBuildsItsEncoder() {
    EncoderSpec spec = ConfigLoader.parse(HEAD + "  dimension: 48\n  features: [words, state]\n  hash_seed: 9\n",
        "t.yaml").encoder().spec();
    EncoderSpec back = roundTrip(spec, EncoderSpec.class);
    assertEquals(spec.key(), back.key());
    HashingEncoder encoder = (HashingEncoder) back.create(Device.cpu());
    assertEquals(48, encoder.dimension());
    assertEquals(9, encoder.seed());
    assertNotEquals(spec.key(), ConfigLoader.parse(HEAD + "  dimension: 48\n", "t.yaml").encoder().spec().key(),
        "other feature families are another encoder");
  }

  @Test
  void aRoundPlanRoundTripsThroughKryo() {
    CoordinatorSpec coordinator = new CoordinatorSpec(new String[] {"a", "b"},
        new EncoderSpec.Qwen3("/m", "float32", 64, 0, 1, new String[] {"t"}),
        new CandidateLayout(new HeadShape(4, 2), HeadType.LOW_RANK, 2, new String[] {"t"}, new int[] {3}),
        RolePrompts.CURRENT, new EpisodeSettings(3, 0.7, 128));
    float[] vector = new float[coordinator.layout().parameterCount()];
    vector[5] = 0.5f;
    Decision[] script = {new Decision(1, Role.THINKER), new Decision(1, Role.WORKER)};
    RoundPlan plan = new RoundPlan(Sampling.heldOut(), new PolicySpec[] {
        new PolicySpec.Candidate(coordinator, vector),
        new PolicySpec.SingleModel(1, RolePrompts.CURRENT, new EpisodeSettings(1, 0.7, 128), 3),
        new PolicySpec.RandomRouter(2, RolePrompts.CURRENT, new EpisodeSettings(3, 0.7, 128)),
        new PolicySpec.Scripted(script, RolePrompts.CURRENT, new EpisodeSettings(2, 0.7, 128))}, true);
    RoundPlan back = roundTrip(plan, RoundPlan.class);
    assertEquals(plan.sampling(0), back.sampling(0));
    assertTrue(back.transcripts());
    assertEquals(plan.policies()[2], back.policies()[2]);
    assertArrayEquals(script, ((PolicySpec.Scripted) back.policies()[3]).script());
    PolicySpec.Candidate candidate = (PolicySpec.Candidate) back.policies()[0];
    assertEquals(coordinator, candidate.coordinator());
    assertArrayEquals(vector, candidate.vector());
    assertEquals(plan.policies()[1], back.policies()[1]);
  }

  @Test
  void aSamplingCoordinatorAndItsScoreSumsRoundTripThroughKryo() {
    CoordinatorSpec coordinator = new CoordinatorSpec(new String[] {"a", "b"}, new EncoderSpec.Hashing(8, new String[] {"shapes", "state"}, 0),
        CandidateLayout.linear(new HeadShape(8, 2)), RolePrompts.CURRENT, new EpisodeSettings(3, 0.7, 128));
    float[] vector = new float[coordinator.layout().parameterCount()];
    vector[3] = 0.25f;
    PolicySpec.Stochastic stochastic = new PolicySpec.Stochastic(coordinator, vector, 99, 4, 0.5);
    PolicySpec.Stochastic back = (PolicySpec.Stochastic) roundTrip(new RoundPlan(Sampling.training(3),
        new PolicySpec[] {stochastic}, false), RoundPlan.class).policies()[0];
    assertEquals(coordinator, back.coordinator());
    assertArrayEquals(vector, back.vector());
    assertEquals(99, back.seed());
    assertEquals(4, back.copy());
    assertEquals(0.5, back.costPenalty());
    ScoreSums sums = ScoreSums.add(ScoreSums.add(null, new EpisodeKey(2, 5), 1, new double[] {1, 2}),
        new EpisodeKey(1, 9), 0.5, new double[] {-1, 4});
    ScoreSums sumsBack = roundTrip(sums, ScoreSums.class);
    assertEquals(new EpisodeKey(1, 9), sumsBack.first());
    assertEquals(2, sumsBack.episodes());
    assertArrayEquals(new double[] {0, 6}, sumsBack.scoreSum());
    assertArrayEquals(new double[] {0.5, 4}, sumsBack.weightedScoreSum());
  }

  @Test
  void anEpisodeResultCarriesItsTranscriptThroughKryo() {
    EpisodeResult result = new EpisodeResult("gsm8k/1", "gsm8k", 1.0, "42", "matches", new int[] {0, 2},
        new int[] {0, 1}, false, 2, 100, 20, 0.001, 35, new Turn[] {new Turn("a", Role.THINKER, "plan"),
            new Turn("b", Role.WORKER, "42")});
    EpisodeResult back = roundTrip(result, EpisodeResult.class);
    assertArrayEquals(result.transcript(), back.transcript());
    assertEquals(35, back.latencyMillis());
    assertArrayEquals(result.models(), back.models());
  }

  @Test
  void anOutcomeCarriesItsFailedTurnsOrItsFailureThroughKryo() {
    EpisodeResult result = new EpisodeResult("gsm8k/1", "gsm8k", 0.0, null, "every turn failed", new int[0],
        new int[0], false, 0, 0, 0, 0, 12, null, new int[] {1, 0}, new String[] {"context_length", "empty_reply"});
    EpisodeOutcome back = roundTrip(EpisodeOutcome.of(result), EpisodeOutcome.class);
    assertArrayEquals(result.failedModels(), back.result().failedModels());
    assertArrayEquals(result.failedKinds(), back.result().failedKinds());

    CallFailure failure = new CallFailure(CallFailure.Kind.INVALID_KEY, "gpt-x", "rejected");
    assertEquals(failure, roundTrip(EpisodeOutcome.failed(failure), EpisodeOutcome.class).failure());
  }

  @Test
  void theTasksFirstGpuIsTheDeviceElseTheCpu() {
    assertEquals(Device.cpu(), SparkDevices.device(Map.of()));
    assertEquals(Device.gpu(3), SparkDevices.device(Map.of("gpu",
        new ResourceInformation("gpu", new String[] {"3", "5"}))));
    assertEquals(Device.cpu(), SparkDevices.device(Map.of("fpga",
        new ResourceInformation("fpga", new String[] {"0"}))));
  }
}
