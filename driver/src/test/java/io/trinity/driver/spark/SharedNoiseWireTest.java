package io.trinity.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.es.BoxBounds;
import io.trinity.driver.es.Objective;
import io.trinity.driver.es.SepCmaEs;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.HeadType;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.ByteBuffer;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A round of sampled candidates (the optimiser's sampler, broadcast once) crosses Spark's wire under Kryo with
 * registration required, and rebuilds on the other side exactly the vectors a round of whole candidates ships.
 */
class SharedNoiseWireTest {
  private static final ClassTag<RoundPlan> PLAN = ClassTag$.MODULE$.apply(RoundPlan.class);
  private static final int D = 32;

  private final SerializerInstance kryo = new KryoSerializer(new SparkConf()
      .set("spark.kryo.registrationRequired", "true")
      .set("spark.kryo.registrator", TrinityKryoRegistrator.class.getName())).newInstance();

  private final CoordinatorSpec coordinator = new CoordinatorSpec(new String[] {"a", "b", "c", "d"},
      new EncoderSpec.Hashing(D, new String[] {"shapes", "state"}, 0),
      new CandidateLayout(new HeadShape(D, 4), HeadType.LINEAR, 0, new String[0], new int[0]), RolePrompts.CURRENT,
      new EpisodeSettings(3, 0.7, 256));

  private SepCmaEs optimiser(int lambda, boolean mirroredAndBounded) {
    int n = coordinator.layout().parameterCount();
    SepCmaEs.Builder builder = SepCmaEs.builder().dimension(n).initialMean(0.0).sigma(0.5).seed(11)
        .populationSize(lambda).objective(Objective.MAXIMIZE).mirrored(mirroredAndBounded);
    if (mirroredAndBounded) {
      builder.bounds(BoxBounds.uniform(n, -0.6, 0.6));
    }
    return builder.build();
  }

  private RoundPlan sampledPlan(SepCmaEs es, int lambda) {
    return new RoundPlan(Sampling.training(0), IntStream.range(0, lambda)
        .mapToObj(k -> new PolicySpec.Sampled(coordinator, es.sampler(), k)).toArray(PolicySpec[]::new), false);
  }

  private ByteBuffer serialize(RoundPlan plan) {
    return kryo.serialize(plan, PLAN);
  }

  @Test
  void sampledCandidatesArriveAsTheVectorsTheOptimiserAskedFor() {
    for (boolean mirroredAndBounded : new boolean[] {false, true}) {
      int lambda = 16;
      SepCmaEs es = optimiser(lambda, mirroredAndBounded);
      double[][] candidates = es.ask();
      RoundPlan back = kryo.deserialize(serialize(sampledPlan(es, lambda)), PLAN);
      assertEquals(lambda, back.policies().length);
      for (int k = 0; k < lambda; k++) {
        PolicySpec.Sampled sampled = (PolicySpec.Sampled) back.policies()[k];
        assertEquals(k, sampled.index());
        assertArrayEquals(floats(candidates[k]), sampled.vector(), "candidate " + k);
        // Every candidate refers to the one sampler the plan carries.
        assertSame(((PolicySpec.Sampled) back.policies()[0]).sampler(), sampled.sampler());
      }
    }
  }

  @Test
  void aRoundOfSampledCandidatesGrowsByAFewBytesPerCandidateWhereWholeOnesGrowByAVector() {
    int n = coordinator.layout().parameterCount();
    SepCmaEs small = optimiser(8, false);
    small.ask();
    SepCmaEs large = optimiser(64, false);
    double[][] candidates = large.ask();
    int sampledSmall = serialize(sampledPlan(small, 8)).limit();
    int sampledLarge = serialize(sampledPlan(large, 64)).limit();
    int whole = serialize(new RoundPlan(Sampling.training(0), IntStream.range(0, 64)
        .mapToObj(k -> new PolicySpec.Candidate(coordinator, floats(candidates[k]))).toArray(PolicySpec[]::new),
        false)).limit();
    assertTrue(whole >= 64 * 4 * n, "whole candidates ship every float: " + whole + " bytes");
    assertTrue((sampledLarge - sampledSmall) / 56.0 < 32, "a sampled candidate adds a reference and an index, got "
        + (sampledLarge - sampledSmall) / 56.0 + " bytes each");
    assertTrue(sampledLarge < 2 * 8 * n + 4096, "the sampler is the mean and the diagonal: " + sampledLarge);
  }

  private static float[] floats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
