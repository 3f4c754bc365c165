package io.trinity.driver.train;

import io.trinity.driver.spark.EncoderSpec;
import io.trinity.driver.spark.PlayEpisodes;
import io.trinity.fitness.task.Task;
import io.trinity.workers.episode.EpisodeSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Evaluates rounds of episodes on the cluster: the units of a round are spread over {@code partitions} Spark
 * tasks, each of which plays its episodes concurrently. The tasks are broadcast once for the whole job; the
 * heads once per round.
 */
public final class EpisodeEvaluator {
  private final JavaSparkContext spark;
  private final Broadcast<Task[]> tasks;
  private final PlayEpisodes.Endpoint endpoint;
  private final List<String> models;
  private final EpisodeSettings settings;
  private final EncoderSpec encoder;
  private final CandidateLayout candidates;
  private final int partitions;

  public EpisodeEvaluator(JavaSparkContext spark, Task[] tasks, PlayEpisodes.Endpoint endpoint, List<String> models,
      EpisodeSettings settings, EncoderSpec encoder, CandidateLayout candidates, int partitions) {
    this.spark = spark;
    this.tasks = spark.broadcast(tasks);
    this.endpoint = endpoint;
    this.models = List.copyOf(models);
    this.settings = settings;
    this.encoder = encoder;
    this.candidates = candidates;
    this.partitions = partitions;
  }

  /** Plays every unit once and returns one outcome per unit, in the units' order. */
  public List<EpisodeOutcome> evaluate(EvaluationPlan plan, List<EpisodeUnit> units) {
    Broadcast<EvaluationPlan> round = spark.broadcast(plan);
    try {
      List<EpisodeOutcome> collected = spark.parallelize(units, Math.min(partitions, Math.max(1, units.size())))
          .mapPartitions(new PlayEpisodes(tasks, round, endpoint, models, settings, encoder, candidates))
          .collect();
      // A unit is counted once even if a speculative or retried task delivered it twice.
      Map<EpisodeUnit, EpisodeOutcome> byUnit = new LinkedHashMap<>();
      for (EpisodeOutcome outcome : collected) {
        byUnit.putIfAbsent(outcome.unit(), outcome);
      }
      List<EpisodeOutcome> ordered = new ArrayList<>(units.size());
      for (EpisodeUnit unit : units) {
        EpisodeOutcome outcome = byUnit.get(unit);
        if (outcome == null) {
          throw new IllegalStateException("no result came back for " + unit);
        }
        ordered.add(outcome);
      }
      return ordered;
    } finally {
      round.destroy();
    }
  }

  public void close() {
    tasks.destroy();
  }
}
