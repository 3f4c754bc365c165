package io.trinity.driver.spark;

import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.task.Task;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeRunner;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;

/**
 * The executor side of a round: plays all episodes of a partition concurrently through the gateway. Holds only
 * broadcast handles and small settings, never the tasks or policies themselves.
 */
final class PlayEpisodes implements PairFlatMapFunction<Iterator<EpisodeKey>, EpisodeKey, EpisodeResult> {
  private final Broadcast<Task[]> tasks;
  private final Broadcast<RoundPlan> plan;
  private final GatewayEndpoint endpoint;
  private final String[] models;
  private final int maxInFlight;
  private final SandboxSettings sandbox;
  private final LongAccumulator retried;
  private final CodeAccumulators code;

  /**
   * {@code retried} counts the Spark tasks whose successful attempt was a retry (after a lost executor); {@code
   * code} what grading their code answers took.
   */
  PlayEpisodes(Broadcast<Task[]> tasks, Broadcast<RoundPlan> plan, GatewayEndpoint endpoint, String[] models,
      int maxInFlight, SandboxSettings sandbox, LongAccumulator retried, CodeAccumulators code) {
    this.tasks = tasks;
    this.plan = plan;
    this.endpoint = endpoint;
    this.models = models.clone();
    this.maxInFlight = maxInFlight;
    this.sandbox = sandbox;
    this.retried = retried;
    this.code = code;
  }

  @Override
  public Iterator<Tuple2<EpisodeKey, EpisodeResult>> call(Iterator<EpisodeKey> keys) {
    Task[] allTasks = tasks.value();
    RoundPlan round = plan.value();
    Map<Integer, PolicySpec.Player> players = new HashMap<>();
    List<EpisodeKey> batch = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    while (keys.hasNext()) {
      EpisodeKey key = keys.next();
      batch.add(key);
      PolicySpec.Player player = players.computeIfAbsent(key.policy(),
          p -> round.policies()[p].build(ExecutorResources::encoder, List.of(models)));
      episodes.add(player.episode(allTasks[key.task()], round.sampling()));
    }
    CodeTally tally = new CodeTally();
    List<EpisodeResult> results = new EpisodeRunner(ExecutorResources.client(endpoint), List.of(models), maxInFlight,
        round.transcripts()).grading(Graders.of(sandbox).counting(tally)).runAll(episodes);
    List<Tuple2<EpisodeKey, EpisodeResult>> played = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      played.add(new Tuple2<>(batch.get(i), results.get(i)));
    }
    // Spark applies an action's accumulator updates once per task, from its successful attempt only.
    if (TaskContext.get().attemptNumber() > 0) {
      retried.add(1);
    }
    code.add(tally);
    return played.iterator();
  }
}
