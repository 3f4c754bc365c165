package io.trinity.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import io.trinity.driver.es.BoxBounds;
import io.trinity.driver.es.CandidateSampler;
import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.CallFailure;
import io.trinity.workers.coordinator.CandidateLayout;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.coordinator.EncoderSpec;
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
import java.util.List;
import org.apache.spark.serializer.KryoRegistrator;

/** Registers every class that crosses Spark's wire, so registrationRequired can catch an unplanned one. */
public final class TrinityKryoRegistrator implements KryoRegistrator {
  private static final List<Class<? extends Record>> RECORDS = List.of(Task.class, CodeTests.class, HeadShape.class,
      CandidateLayout.class, CoordinatorSpec.class, RolePrompts.class, EpisodeSettings.class, Sampling.class,
      RoundPlan.class, PolicySpec.Candidate.class, PolicySpec.Sampled.class, PolicySpec.Stochastic.class,
      ScoreSums.class, CandidateSampler.class, BoxBounds.class,
      PolicySpec.SingleModel.class, PolicySpec.RandomRouter.class,
      PolicySpec.Scripted.class, Decision.class, Turn.class, EpisodeKey.class,
      EpisodeResult.class, EpisodeOutcome.class, CallFailure.class, EncoderSpec.Hashing.class,
      EncoderSpec.Qwen3.class);

  @Override
  public void registerClasses(Kryo kryo) {
    for (Class<? extends Record> type : RECORDS) {
      register(kryo, type);
    }
    kryo.register(AnswerFormat.class);
    kryo.register(CodeTests.Kind.class);
    kryo.register(HeadType.class);
    kryo.register(Role.class);
    kryo.register(CallFailure.Kind.class);
    kryo.register(Decision[].class);
    kryo.register(Turn[].class);
    kryo.register(Task[].class);
    kryo.register(PolicySpec[].class);
    kryo.register(EpisodeKey[].class);
    kryo.register(float[].class);
    kryo.register(double[].class);
    kryo.register(float[][].class);
    kryo.register(int[].class);
    kryo.register(Sampling[].class);
    kryo.register(Object[].class);
    kryo.register(String[].class);
  }

  private static <T extends Record> void register(Kryo kryo, Class<T> type) {
    kryo.register(type, new RecordSerializer<>(type));
  }
}
