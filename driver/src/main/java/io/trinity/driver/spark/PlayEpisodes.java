package io.trinity.driver.spark;

import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.grade.GraderLookup;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.task.Task;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.coordinator.SoftmaxPolicy;
import io.trinity.workers.episode.EpisodeOutcome;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeRunner;
import io.trinity.workers.episode.TurnErrors;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import scala.Tuple2;
import scala.collection.JavaConverters;
import scala.runtime.AbstractFunction2;

/**
 * The executor side of a round: plays all episodes of a partition concurrently through the gateway. Holds only
 * broadcast handles and small settings, never the tasks or policies themselves. A classified failure (a rejected
 * key, an upstream that stayed down, a sandbox that cannot run here) comes back as the episode's outcome rather
 * than failing the Spark task: Spark would retry the task, paying for calls that fail the same way.
 */
final class PlayEpisodes
    extends AbstractFunction2<TaskContext, scala.collection.Iterator<EpisodeKey>, Tuple2<EpisodeKey, EpisodeOutcome>[]>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final Broadcast<Task[]> tasks;
  private final Broadcast<RoundPlan> plan;
  private final GatewayEndpoint endpoint;
  private final String[] models;
  private final int maxInFlight;
  private final SandboxSettings sandbox;
  private final LongAccumulator retried;
  private final CollectionAccumulator<TaskDevice> devices;
  private final TurnErrors turnErrors;
  private final PartCounters[] counters;

  /**
   * {@code retried} counts the Spark tasks whose successful attempt was a retry (after a lost executor);
   * {@code devices} collects where each Spark task ran and which GPU addresses it was given; {@code counters}, one
   * per part of the round, what grading its code answers took and its score-function sums. The parts play
   * different tasks, so a code answer is counted in its task's part.
   */
  PlayEpisodes(Broadcast<Task[]> tasks, Broadcast<RoundPlan> plan, GatewayEndpoint endpoint, String[] models,
      int maxInFlight, SandboxSettings sandbox, TurnErrors turnErrors, LongAccumulator retried,
      CollectionAccumulator<TaskDevice> devices, PartCounters[] counters) {
    this.tasks = tasks;
    this.plan = plan;
    this.endpoint = endpoint;
    this.models = models.clone();
    this.maxInFlight = maxInFlight;
    this.sandbox = sandbox;
    this.retried = retried;
    this.devices = devices;
    this.turnErrors = turnErrors;
    this.counters = counters.clone();
  }

  @Override
  public Tuple2<EpisodeKey, EpisodeOutcome>[] apply(TaskContext context,
      scala.collection.Iterator<EpisodeKey> partition) {
    Iterator<EpisodeKey> keys = JavaConverters.asJavaIterator(partition);
    Task[] allTasks = tasks.value();
    RoundPlan round = plan.value();
    Map<Integer, PolicySpec.Player> players = new HashMap<>();
    List<EpisodeKey> batch = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    Map<String, Integer> partOfTask = new HashMap<>();
    while (keys.hasNext()) {
      EpisodeKey key = keys.next();
      batch.add(key);
      PolicySpec.Player player = players.computeIfAbsent(key.policy(),
          p -> round.policies()[p].build(ExecutorResources::encoder, List.of(models)));
      episodes.add(player.episode(allTasks[key.task()], round.sampling(key.policy())));
      partOfTask.put(allTasks[key.task()].id(), round.partOf()[key.policy()]);
    }
    Set<EpisodeKey> kept = Set.of(round.transcriptsOf());
    CodeTally[] tallies = new CodeTally[counters.length];
    GraderLookup[] graders = new GraderLookup[counters.length];
    for (int part = 0; part < counters.length; part++) {
      tallies[part] = new CodeTally();
      graders[part] = Graders.of(sandbox).counting(tallies[part]);
    }
    GraderLookup byPart = task -> graders[partOfTask.get(task.id())].grader(task);
    List<EpisodeOutcome> results = new EpisodeRunner(ExecutorResources.client(endpoint), List.of(models),
        maxInFlight, round.transcripts() || !kept.isEmpty()).grading(byPart)
        .onTurnError(turnErrors).runAllOutcomes(episodes);
    List<Tuple2<EpisodeKey, EpisodeOutcome>> played = new ArrayList<>(results.size());
    ScoreSums[] sums = new ScoreSums[counters.length];
    for (int i = 0; i < results.size(); i++) {
      EpisodeOutcome outcome = results.get(i);
      // A sampling coordinator's gradient is folded in here, so that a partition sends two vectors, not one per
      // episode; a failed episode is played again later and counts then.
      if (outcome.result() != null && episodes.get(i).policy() instanceof SoftmaxPolicy sampled
          && round.policies()[batch.get(i).policy()] instanceof PolicySpec.Stochastic stochastic) {
        EpisodeResult result = outcome.result();
        int part = round.partOf()[batch.get(i).policy()];
        sums[part] = ScoreSums.add(sums[part], batch.get(i),
            result.reward() - stochastic.costPenalty() * result.cost(), sampled.scoreGradient());
      }
      // Only the sampled episodes' replies travel back to the driver; the rest were kept just long enough to drop.
      if (outcome.result() != null && !round.transcripts() && !kept.contains(batch.get(i))) {
        outcome = EpisodeOutcome.of(outcome.result().withoutTranscript());
      }
      played.add(new Tuple2<>(batch.get(i), outcome));
    }
    // Spark applies an action's accumulator updates once per task, from its successful attempt only.
    if (context.attemptNumber() > 0) {
      retried.add(1);
    }
    devices.add(TaskDevice.current());
    for (int part = 0; part < counters.length; part++) {
      counters[part].code().add(tallies[part]);
      if (sums[part] != null) {
        counters[part].scores().add(sums[part]);
      }
    }
    @SuppressWarnings("unchecked")
    Tuple2<EpisodeKey, EpisodeOutcome>[] array = played.toArray(new Tuple2[0]);
    return array;
  }
}
