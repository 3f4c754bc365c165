package io.trinity.driver.spark;

import io.trinity.driver.train.CandidateLayout;
import io.trinity.driver.train.EpisodeOutcome;
import io.trinity.driver.train.EpisodeUnit;
import io.trinity.driver.train.EvaluationPlan;
import io.trinity.fitness.task.Task;
import io.trinity.workers.encode.Encoder;
import io.trinity.workers.encode.qwen3.Qwen3Encoder;
import io.trinity.workers.episode.CoordinatorPolicy;
import io.trinity.workers.episode.EpisodeJob;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeRunner;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Policy;
import io.trinity.workers.episode.SingleModelPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of a round: plays all episodes of a partition concurrently through the gateway. Holds only
 * broadcast handles and small settings, never the tasks or heads themselves.
 */
public final class PlayEpisodes implements FlatMapFunction<Iterator<EpisodeUnit>, EpisodeOutcome> {
  private final Broadcast<Task[]> tasks;
  private final Broadcast<EvaluationPlan> plan;
  private final Endpoint endpoint;
  private final List<String> models;
  private final EpisodeSettings settings;
  private final EncoderSpec encoder;
  private final CandidateLayout candidates;

  /** How executors reach the gateway: its URL and the name (never the value) of the variable with its token. */
  public record Endpoint(String url, String apiKeyEnv) implements java.io.Serializable {}

  public PlayEpisodes(Broadcast<Task[]> tasks, Broadcast<EvaluationPlan> plan, Endpoint endpoint,
      List<String> models, EpisodeSettings settings, EncoderSpec encoder, CandidateLayout candidates) {
    this.tasks = tasks;
    this.plan = plan;
    this.endpoint = endpoint;
    this.models = List.copyOf(models);
    this.settings = settings;
    this.encoder = encoder;
    this.candidates = candidates;
  }

  @Override
  public Iterator<EpisodeOutcome> call(Iterator<EpisodeUnit> units) {
    Task[] allTasks = tasks.value();
    EvaluationPlan round = plan.value();
    Encoder shared = ExecutorResources.encoder(encoder);
    Map<Integer, Policy> policies = new HashMap<>();
    List<EpisodeUnit> batch = new ArrayList<>();
    List<EpisodeJob> jobs = new ArrayList<>();
    while (units.hasNext()) {
      EpisodeUnit unit = units.next();
      batch.add(unit);
      Policy policy = unit.singleModel() >= 0
          ? new SingleModelPolicy(unit.singleModel())
          : policies.computeIfAbsent(unit.candidate(), c -> coordinator(shared, round.heads()[c]));
      int maxTurns = unit.singleModel() >= 0 ? 1 : settings.maxTurns();
      jobs.add(new EpisodeJob(allTasks[unit.task()], policy, maxTurns, round.sampleIndex(),
          unit.generation() >= 0 ? unit.generation() : null));
    }
    EpisodeRunner runner = new EpisodeRunner(
        ExecutorResources.client(endpoint.url(), endpoint.apiKeyEnv()), models, settings);
    List<EpisodeResult> results = runner.runAll(jobs);
    List<EpisodeOutcome> outcomes = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      outcomes.add(new EpisodeOutcome(batch.get(i), results.get(i)));
    }
    return outcomes.iterator();
  }

  /** A candidate's coordinator: its head, and with SVF the shared encoder seen through its scales. */
  private CoordinatorPolicy coordinator(Encoder shared, float[] parameters) {
    Encoder view = shared;
    if (candidates.hasSvf()) {
      if (!(shared instanceof Qwen3Encoder qwen3)) {
        throw new IllegalStateException("SVF scales need the qwen3 encoder, got " + shared.name());
      }
      view = qwen3.withSvfScales(candidates.svfScales(parameters));
    }
    return new CoordinatorPolicy(view, candidates.head(parameters));
  }
}
