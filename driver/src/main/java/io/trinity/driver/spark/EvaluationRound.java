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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
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
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The evaluation round, the one seam between the driver's loops and the cluster: policies and tasks in, one episode
 * result per (policy, task) out. The episodes are spread over {@code partitions} Spark tasks, each of which plays
 * its episodes concurrently. The job's tasks are broadcast once; each round's plan once per round. Training's
 * generations, validation and the held-out comparison all go through here, so their figures cannot disagree.
 */
public final class EvaluationRound implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EvaluationRound.class);
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static final ClassTag<Tuple2<EpisodeKey, EpisodeOutcome>[]> PARTITION_RESULT =
      (ClassTag) ClassTag$.MODULE$.apply(Tuple2[].class);
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
    return play(List.of(new Part(sampling, policies, taskIndices, transcriptsOf)), transcripts).get(0).get();
  }

  /**
   * One part of a round: its policies play each of its tasks with its samples, and the results of the episodes in
   * {@code transcriptsOf} (keys over the part's own policy indices) carry their turns and replies.
   */
  public record Part(Sampling sampling, List<PolicySpec> policies, int[] tasks, Set<EpisodeKey> transcriptsOf) {
    public Part(Sampling sampling, List<PolicySpec> policies, int[] tasks) {
      this(sampling, policies, tasks, Set.of());
    }
  }

  /** A part's result, or why it could not be played. */
  public record PartOutcome(RoundResult result, RoundFailedException failure) {
    /** The result; the failure is thrown where there is one. */
    public RoundResult get() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /**
   * Plays {@code parts} in one Spark job, so that a short part does not cost a job of its own: a round's wall time
   * is set by its slowest episode, and a few dozen episodes take nearly as long as a thousand. The parts' tasks
   * must not overlap, so that each part's code grading is counted apart. Each part comes back with its result, or,
   * where some of its episodes could not be played, with the reason, while the other parts' results stand.
   */
  public List<PartOutcome> play(List<Part> parts) {
    return play(parts, false);
  }

  private List<PartOutcome> play(List<Part> parts, boolean transcripts) {
    Set<Integer> seen = new HashSet<>();
    for (Part part : parts) {
      check(part);
      Set<Integer> own = new HashSet<>();
      for (int task : part.tasks()) {
        own.add(task);
      }
      for (int task : own) {
        if (!seen.add(task)) {
          throw new IllegalArgumentException("task " + allTasks[task].id() + " is in two parts of one round");
        }
      }
    }
    List<PolicySpec> policies = new ArrayList<>();
    Sampling[] samplings = new Sampling[parts.size()];
    List<Integer> partOf = new ArrayList<>();
    int[] offsets = new int[parts.size()];
    List<EpisodeKey> keys = new ArrayList<>();
    List<EpisodeKey> kept = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      Part part = parts.get(p);
      offsets[p] = policies.size();
      samplings[p] = part.sampling();
      for (int k = 0; k < part.policies().size(); k++) {
        policies.add(part.policies().get(k));
        partOf.add(p);
        for (int task : part.tasks()) {
          keys.add(new EpisodeKey(offsets[p] + k, task));
        }
      }
      for (EpisodeKey key : part.transcriptsOf()) {
        kept.add(new EpisodeKey(offsets[p] + key.policy(), key.task()));
      }
    }
    Broadcast<RoundPlan> plan = spark.broadcast(new RoundPlan(samplings,
        partOf.stream().mapToInt(Integer::intValue).toArray(), policies.toArray(PolicySpec[]::new), transcripts,
        kept.toArray(EpisodeKey[]::new)));
    int sparkTasks = Math.min(partitions, Math.max(1, keys.size()));
    LongAccumulator retried = spark.sc().longAccumulator("retried Spark tasks");
    CollectionAccumulator<TaskDevice> devices = spark.sc().collectionAccumulator("Spark tasks' devices");
    PartCounters[] counters = new PartCounters[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      counters[p] = PartCounters.register(spark);
    }
    try {
      Map<EpisodeKey, EpisodeResult> byKey = new HashMap<>();
      List<EpisodeKey> pending = keys;
      long[] playedAgain = new long[parts.size()];
      Map<EpisodeKey, CallFailure> failed;
      CallFailure stop = null;
      for (int attempt = 0; ; attempt++) {
        failed = playOnce(pending, plan, retried, devices, counters, byKey);
        if (failed.isEmpty()) {
          break;
        }
        stop = stopping(failed.values());
        if (stop != null || attempt >= failures.failedEpisodeRetries()) {
          break;
        }
        CallFailure first = failed.values().iterator().next();
        LOG.warn("{} of {} episodes failed on an unavailable upstream ({}); playing them again in {} s (retry {} "
            + "of {})", failed.size(), keys.size(), describe(first), failures.failedEpisodeWait().toSeconds(),
            attempt + 1, failures.failedEpisodeRetries());
        sleep(failures.failedEpisodeWait().toMillis());
        pending = new ArrayList<>(failed.keySet());
        for (EpisodeKey key : pending) {
          playedAgain[partOfPolicy(offsets, key.policy())]++;
        }
      }
      List<PartOutcome> outcomes = new ArrayList<>(parts.size());
      for (int p = 0; p < parts.size(); p++) {
        Part part = parts.get(p);
        int offset = offsets[p];
        List<CallFailure> own = new ArrayList<>();
        failed.forEach((key, failure) -> {
          if (key.policy() >= offset && key.policy() < offset + part.policies().size()) {
            own.add(failure);
          }
        });
        if (!own.isEmpty()) {
          outcomes.add(new PartOutcome(null, failure(own, stop)));
          continue;
        }
        EpisodeResult[][] results = new EpisodeResult[part.policies().size()][part.tasks().length];
        for (int k = 0; k < part.policies().size(); k++) {
          for (int t = 0; t < part.tasks().length; t++) {
            EpisodeKey key = new EpisodeKey(offset + k, part.tasks()[t]);
            EpisodeResult result = byKey.get(key);
            if (result == null) {
              throw new IllegalStateException("no result came back for " + key);
            }
            if (!result.taskId().equals(allTasks[part.tasks()[t]].id())) {
              throw new IllegalStateException(key + " came back with the result of task " + result.taskId());
            }
            results[k][t] = result;
          }
        }
        outcomes.add(new PartOutcome(new RoundResult(part.tasks(), results, sparkTasks, retried.value(),
            playedAgain[p], devices.value(), counters[p].code().value(), ScoreSums.total(counters[p].scores().value())),
            null));
      }
      return outcomes;
    } finally {
      plan.destroy();
    }
  }

  private void check(Part part) {
    for (PolicySpec policy : part.policies()) {
      CoordinatorSpec coordinator = policy instanceof PolicySpec.Candidate candidate ? candidate.coordinator()
          : policy instanceof PolicySpec.Sampled sampled ? sampled.coordinator()
          : policy instanceof PolicySpec.Stochastic stochastic ? stochastic.coordinator() : null;
      if (coordinator != null && !List.of(models).containsAll(coordinator.modelList())) {
        throw new IllegalArgumentException("a coordinator of " + coordinator.modelList()
            + " cannot play in a round over the pool " + List.of(models));
      }
    }
    for (int task : part.tasks()) {
      if (task < 0 || task >= allTasks.length) {
        throw new IllegalArgumentException("task index " + task + " outside the job's " + allTasks.length + " tasks");
      }
    }
  }

  /** A failure that stops the round at once: a configuration error first, then a spent budget; null if none. */
  private static CallFailure stopping(Collection<CallFailure> failed) {
    return failed.stream().filter(f -> f.category() == CallFailure.Category.CONFIGURATION).findFirst()
        .orElse(failed.stream().filter(f -> f.category() == CallFailure.Category.BUDGET).findFirst().orElse(null));
  }

  /** Why a part with {@code failed} episodes could not be played; {@code stop} stopped the whole round, if set. */
  private RoundFailedException failure(List<CallFailure> failed, CallFailure stop) {
    CallFailure own = stopping(failed);
    if (own != null || stop != null) {
      CallFailure reason = own != null ? own : stop;
      return new RoundFailedException(reason, failed.size(), failed.size() + " of the round's episodes stopped: "
          + describe(reason));
    }
    CallFailure first = failed.get(0);
    return new RoundFailedException(first, failed.size(), failed.size() + " episodes still failed after "
        + failures.failedEpisodeRetries() + " retries: " + describe(first));
  }

  private static int partOfPolicy(int[] offsets, int policy) {
    int part = 0;
    while (part + 1 < offsets.length && offsets[part + 1] <= policy) {
      part++;
    }
    return part;
  }

  /**
   * Plays {@code keys} in one Spark job, putting each result into {@code results} (the first delivery of a key
   * wins); returns the keys that came back failed, with their failures, in the keys' order.
   */
  private Map<EpisodeKey, CallFailure> playOnce(List<EpisodeKey> keys, Broadcast<RoundPlan> plan,
      LongAccumulator retried, CollectionAccumulator<TaskDevice> devices, PartCounters[] counters,
      Map<EpisodeKey, EpisodeResult> results) {
    int sparkTasks = Math.min(partitions, Math.max(1, keys.size()));
    // SparkContext.runJob with a named function class rather than mapPartitions and collect: both of those hand
    // Spark a lambda, which its closure cleaner reads the bytecode of (with ASM) in every round.
    Object[] byPartition = (Object[]) spark.sc().runJob(spark.parallelize(keys, sparkTasks).rdd(),
        new PlayEpisodes(tasks, plan, endpoint, models, maxInFlight, sandbox, failures.onTurnError(), retried,
            devices, counters), PARTITION_RESULT);
    List<Tuple2<EpisodeKey, EpisodeOutcome>> played = new ArrayList<>(keys.size());
    for (Object partition : byPartition) {
      @SuppressWarnings("unchecked")
      Tuple2<EpisodeKey, EpisodeOutcome>[] episodes = (Tuple2<EpisodeKey, EpisodeOutcome>[]) partition;
      played.addAll(Arrays.asList(episodes));
    }
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
