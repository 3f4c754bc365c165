package io.trinity.driver.spark;

import io.trinity.driver.config.FailurePolicy;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.sandbox.SandboxUnavailableException;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.CallFailure;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.episode.EpisodeOutcome;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.Sampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * The evaluation round, the one seam between the driver's loops and the cluster: policies and tasks in, one episode
 * result per (policy, task) out. The episodes are spread over {@code partitions} Spark tasks, each of which plays
 * its episodes concurrently. The job's tasks are broadcast once; each round's plan once per round. Training's
 * generations, validation and the held-out comparison all go through here, so their figures cannot disagree.
 */
public final class EvaluationRound implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRound.class);
  private final JavaSparkContext spark;
  private final Task[] allTasks;
  private final Broadcast<Task[]> tasks;
  private final GatewayEndpoint endpoint;
  private final String[] models;
  private final int maxInFlight;
  private final int partitions;
  private final SandboxSettings sandbox;
  private final FailurePolicy failures;

  /**
   * {@code models} is the pool's order, which every result's model indices refer to (a coordinator may choose
   * from any of them, in its own order); {@code maxInFlight} bounds the
   * episodes one Spark task keeps waiting on the pool at once; code answers run in sandboxes built from
   * {@code sandbox} on the executors. Where the tasks hold code and Spark runs in this JVM, the sandbox is built
   * now, so that a machine where it cannot be refuses before any episode is played.
   *
   * @throws SandboxUnavailableException where code tasks cannot be graded safely here, saying how to fix that
   */
  public EvaluationRound(JavaSparkContext spark, Task[] tasks, GatewayEndpoint endpoint, List<String> models,
      int maxInFlight, int partitions, SandboxSettings sandbox) {
    this(spark, tasks, endpoint, models, maxInFlight, partitions, sandbox, FailurePolicy.DEFAULT);
  }

  /** As above, acting on failed calls and episodes as {@code failures} says. */
  public EvaluationRound(JavaSparkContext spark, Task[] tasks, GatewayEndpoint endpoint, List<String> models,
      int maxInFlight, int partitions, SandboxSettings sandbox, FailurePolicy failures) {
    if (Arrays.stream(tasks).anyMatch(task -> task.format() == AnswerFormat.CODE)) {
      if (spark.sc().isLocal()) {
        Graders.of(sandbox).sandbox();
      } else if (sandbox.isolation() == IsolationPolicy.RLIMITS_ONLY) {
        LOG.warn("CODE SANDBOX: code answers run with resource limits only on every executor, as configured "
            + "(sandbox.isolation: limits_only): NO network isolation, the hosts' file systems are visible");
      }
    }
    this.spark = spark;
    this.allTasks = tasks.clone();
    this.tasks = spark.broadcast(allTasks);
    this.endpoint = endpoint;
    this.models = models.toArray(String[]::new);
    this.maxInFlight = maxInFlight;
    this.partitions = partitions;
    this.sandbox = sandbox;
    this.failures = failures;
  }

  /** Plays every policy on every one of {@code taskIndices} with {@code sampling}'s samples. */
  public RoundResult play(Sampling sampling, List<PolicySpec> policies, int[] taskIndices) {
    return play(sampling, policies, taskIndices, false);
  }

  /** As above; with {@code transcripts} every result carries its episode's turns and replies. */
  public RoundResult play(Sampling sampling, List<PolicySpec> policies, int[] taskIndices, boolean transcripts) {
    return play(sampling, policies, taskIndices, transcripts, Set.of());
  }

  /** As the first; the results of the episodes in {@code transcriptsOf} carry their turns and replies. */
  public RoundResult play(Sampling sampling, List<PolicySpec> policies, int[] taskIndices,
      Set<EpisodeKey> transcriptsOf) {
    return play(sampling, policies, taskIndices, false, transcriptsOf);
  }

  private RoundResult play(Sampling sampling, List<PolicySpec> policies, int[] taskIndices, boolean transcripts,
      Set<EpisodeKey> transcriptsOf) {
    for (PolicySpec policy : policies) {
      CoordinatorSpec coordinator = policy instanceof PolicySpec.Candidate candidate ? candidate.coordinator()
          : policy instanceof PolicySpec.Sampled sampled ? sampled.coordinator()
          : policy instanceof PolicySpec.Stochastic stochastic ? stochastic.coordinator() : null;
      if (coordinator != null && !List.of(models).containsAll(coordinator.modelList())) {
        throw new IllegalArgumentException("a coordinator of " + coordinator.modelList()
            + " cannot play in a round over the pool " + List.of(models));
      }
    }
    for (int task : taskIndices) {
      if (task < 0 || task >= allTasks.length) {
        throw new IllegalArgumentException("task index " + task + " outside the job's " + allTasks.length + " tasks");
      }
    }
    List<EpisodeKey> keys = new ArrayList<>(policies.size() * taskIndices.length);
    for (int p = 0; p < policies.size(); p++) {
      for (int task : taskIndices) {
        keys.add(new EpisodeKey(p, task));
      }
    }
    Broadcast<RoundPlan> plan = spark.broadcast(new RoundPlan(sampling, policies.toArray(PolicySpec[]::new),
        transcripts, transcriptsOf.toArray(EpisodeKey[]::new)));
    int sparkTasks = Math.min(partitions, Math.max(1, keys.size()));
    LongAccumulator retried = spark.sc().longAccumulator("retried Spark tasks");
    CollectionAccumulator<TaskDevice> devices = spark.sc().collectionAccumulator("Spark tasks' devices");
    CodeAccumulators code = CodeAccumulators.register(spark);
    CollectionAccumulator<ScoreSums> scores = spark.sc().collectionAccumulator("score-function sums");
    try {
      Map<EpisodeKey, EpisodeResult> byKey = new HashMap<>();
      List<EpisodeKey> pending = keys;
      long playedAgain = 0;
      for (int attempt = 0; ; attempt++) {
        Map<EpisodeKey, CallFailure> failed = playOnce(pending, plan, retried, devices, code, scores, byKey);
        if (failed.isEmpty()) {
          break;
        }
        CallFailure stop = failed.values().stream()
            .filter(f -> f.category() == CallFailure.Category.CONFIGURATION).findFirst()
            .orElse(failed.values().stream().filter(f -> f.category() == CallFailure.Category.BUDGET).findFirst()
                .orElse(null));
        if (stop != null) {
          throw new RoundFailedException(stop, failed.size(), failed.size() + " of the round's episodes stopped: "
              + describe(stop));
        }
        CallFailure first = failed.values().iterator().next();
        if (attempt >= failures.failedEpisodeRetries()) {
          throw new RoundFailedException(first, failed.size(), failed.size() + " episodes still failed after "
              + attempt + " retries: " + describe(first));
        }
        LOG.warn("{} of {} episodes failed on an unavailable upstream ({}); playing them again in {} s (retry {} "
            + "of {})", failed.size(), keys.size(), describe(first), failures.failedEpisodeWait().toSeconds(),
            attempt + 1, failures.failedEpisodeRetries());
        sleep(failures.failedEpisodeWait().toMillis());
        pending = new ArrayList<>(failed.keySet());
        playedAgain += pending.size();
      }
      EpisodeResult[][] results = new EpisodeResult[policies.size()][taskIndices.length];
      for (int p = 0; p < policies.size(); p++) {
        for (int t = 0; t < taskIndices.length; t++) {
          EpisodeKey key = new EpisodeKey(p, taskIndices[t]);
          EpisodeResult result = byKey.get(key);
          if (result == null) {
            throw new IllegalStateException("no result came back for " + key);
          }
          if (!result.taskId().equals(allTasks[taskIndices[t]].id())) {
            throw new IllegalStateException(key + " came back with the result of task " + result.taskId());
          }
          results[p][t] = result;
        }
      }
      return new RoundResult(taskIndices, results, sparkTasks, retried.value(), playedAgain, devices.value(),
          code.value(), ScoreSums.total(scores.value()));
    } finally {
      plan.destroy();
    }
  }

  /**
   * Plays {@code keys} in one Spark job, putting each result into {@code results} (the first delivery of a key
   * wins); returns the keys that came back failed, with their failures, in the keys' order.
   */
  private Map<EpisodeKey, CallFailure> playOnce(List<EpisodeKey> keys, Broadcast<RoundPlan> plan,
      LongAccumulator retried, CollectionAccumulator<TaskDevice> devices, CodeAccumulators code,
      CollectionAccumulator<ScoreSums> scores, Map<EpisodeKey, EpisodeResult> results) {
    int sparkTasks = Math.min(partitions, Math.max(1, keys.size()));
    List<Tuple2<EpisodeKey, EpisodeOutcome>> played = spark
        .parallelize(keys, sparkTasks)
        .mapPartitionsToPair(new PlayEpisodes(tasks, plan, endpoint, models, maxInFlight, sandbox,
            failures.onTurnError(), retried, devices, code, scores))
        .collect();
    Map<EpisodeKey, CallFailure> failed = new LinkedHashMap<>();
    for (Tuple2<EpisodeKey, EpisodeOutcome> episode : played) {
      if (episode._2().result() != null) {
        results.putIfAbsent(episode._1(), episode._2().result());
      } else if (!results.containsKey(episode._1())) {
        failed.putIfAbsent(episode._1(), episode._2().failure());
      }
    }
    failed.keySet().removeAll(results.keySet());
    return failed;
  }

  private static String describe(CallFailure failure) {
    return (failure.model() == null ? "" : failure.model() + ": ") + failure.kind().wireName() + ": "
        + failure.message();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to play failed episodes again", e);
    }
  }

  @Override
  public void close() {
    tasks.destroy();
  }
}
