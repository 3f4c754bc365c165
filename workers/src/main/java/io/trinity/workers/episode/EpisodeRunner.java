package io.trinity.workers.episode;

import io.trinity.fitness.grade.Grade;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.client.PoolClient;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays Trinity episodes against the pool. Every turn is encode, decide, call, append; the call is asynchronous,
 * so one runner keeps up to {@code maxInFlight} episodes waiting on the pool at once instead of one per thread.
 * The same code runs inside a Spark task, a unit test or a serving process.
 */
public final class EpisodeRunner {
  private final PoolClient pool;
  private final List<String> models;
  private final EpisodeSettings settings;

  /** {@code models} is the pool's model order, the order of the head's model logits. */
  public EpisodeRunner(PoolClient pool, List<String> models, EpisodeSettings settings) {
    this.pool = pool;
    this.models = List.copyOf(models);
    this.settings = settings;
  }

  /** Plays all jobs, at most {@code maxInFlight} at a time, and returns their results in the jobs' order. */
  public List<EpisodeResult> runAll(List<EpisodeJob> jobs) {
    EpisodeResult[] results = new EpisodeResult[jobs.size()];
    AtomicInteger next = new AtomicInteger();
    int lanes = Math.min(settings.maxInFlight(), jobs.size());
    CompletableFuture<?>[] running = new CompletableFuture<?>[lanes];
    for (int i = 0; i < lanes; i++) {
      running[i] = lane(jobs, results, next);
    }
    try {
      CompletableFuture.allOf(running).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return Arrays.asList(results);
  }

  /** A lane plays one episode after another; the lanes together bound the episodes in flight. */
  private CompletableFuture<Void> lane(List<EpisodeJob> jobs, EpisodeResult[] results, AtomicInteger next) {
    int index = next.getAndIncrement();
    if (index >= jobs.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return run(jobs.get(index)).thenCompose(result -> {
      results[index] = result;
      return lane(jobs, results, next);
    });
  }

  public CompletableFuture<EpisodeResult> run(EpisodeJob job) {
    return turn(job, Transcript.of(job.task().prompt()), new ArrayList<>(), new Tally())
        .thenApply(episode -> finish(job, episode));
  }

  private record Played(Transcript transcript, List<Decision> decisions, Tally tally) {}

  private CompletableFuture<Played> turn(EpisodeJob job, Transcript transcript, List<Decision> decisions,
      Tally tally) {
    if (decisions.size() >= job.maxTurns() || transcript.acceptedByVerifier()) {
      return CompletableFuture.completedFuture(new Played(transcript, decisions, tally));
    }
    Decision decision = job.policy().decide(transcript);
    if (decision.model() < 0 || decision.model() >= models.size()) {
      throw new IllegalStateException("policy chose model " + decision.model() + " of a pool of " + models.size());
    }
    decisions.add(decision);
    String model = models.get(decision.model());
    ChatRequest request = new ChatRequest(model, messages(job.task(), transcript, decision),
        settings.temperature(), settings.maxTokens(),
        CallSeeds.seed(job.task().id(), decisions, job.sampleIndex()))
        // The gateway accounts tokens and cost per role; the tag never reaches the model or the response cache.
        .withTags(new CallTags(decision.role().name().toLowerCase(Locale.ROOT), job.generation()));
    return pool.chat(request)
        .exceptionally(failure -> {
          throw new EpisodeException("episode of task " + job.task().id() + " failed at turn " + decisions.size()
              + " calling " + model + ": " + rootMessage(failure), failure);
        })
        .thenCompose(response -> {
          tally.add(response.usage());
          Transcript next = transcript.append(new Turn(model, decision.role(), contentOf(response)));
          return turn(job, next, decisions, tally);
        });
  }

  private static List<ChatMessage> messages(Task task, Transcript transcript, Decision decision) {
    List<ChatMessage> messages = new ArrayList<>(3);
    messages.add(new ChatMessage("system", RolePrompts.forRole(decision.role(), task.format())));
    messages.add(new ChatMessage("user", task.prompt()));
    if (!transcript.isEmpty()) {
      messages.add(new ChatMessage("user", transcript.earlierTurnsText()));
    }
    return messages;
  }

  private EpisodeResult finish(EpisodeJob job, Played played) {
    Task task = job.task();
    String answer = played.transcript().finalAnswer();
    Grade grade = answer == null
        ? new Grade(false, null, "no turn was played")
        : Graders.forTask(task).grade(task, answer);
    int turns = played.decisions().size();
    int[] chosenModels = new int[turns];
    int[] chosenRoles = new int[turns];
    for (int t = 0; t < turns; t++) {
      chosenModels[t] = played.decisions().get(t).model();
      chosenRoles[t] = played.decisions().get(t).role().ordinal();
    }
    Tally tally = played.tally();
    return new EpisodeResult(task.id(), task.category(), grade.correct() ? 1.0 : 0.0, grade.extracted(),
        grade.reason(), chosenModels, chosenRoles, played.transcript().acceptedByVerifier(), tally.calls,
        tally.promptTokens, tally.completionTokens, tally.cost);
  }

  private static String contentOf(ChatResponse response) {
    return response.content() == null ? "" : response.content();
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  /** Sums an episode's usage; turns of one episode run one after another, so no synchronisation is needed. */
  private static final class Tally {
    int calls;
    long promptTokens;
    long completionTokens;
    double cost;

    void add(Usage usage) {
      calls++;
      if (usage != null) {
        promptTokens += usage.promptTokens();
        completionTokens += usage.completionTokens();
        cost += usage.cost();
      }
    }
  }
}
