package io.trinity.workers.episode;

import io.trinity.fitness.grade.Grade;
import io.trinity.fitness.grade.GraderLookup;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.sandbox.SandboxSettings;
import io.trinity.fitness.task.Task;
import io.trinity.fitness.sandbox.SandboxUnavailableException;
import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.api.CallTags;
import io.trinity.gateway.api.ChatMessage;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.client.PoolClient;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.Ranking;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Transcript;
import io.trinity.workers.transcript.Turn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Plays Trinity episodes against the pool. Every turn is encode, decide, call, append; the call is asynchronous,
 * so one runner keeps up to {@code maxInFlight} episodes waiting on the pool at once instead of one per thread
 * (episodes mostly wait on HTTP, so this is far above the core count). The same code runs inside a Spark task, a
 * unit test or a serving process.
 */
public final class EpisodeRunner {
  private static final Usage NO_USAGE = new Usage(0, 0, 0.0);

  private final PoolClient pool;
  private final List<String> models;
  private final int maxInFlight;
  private final boolean keepTranscripts;
  private final Fallback fallback;
  private final GraderLookup graders;
  private final TurnErrors turnErrors;

  /**
   * {@code models} is the pool's model order, the order of the head's model logits. A failed call fails its
   * episode.
   */
  public EpisodeRunner(PoolClient pool, List<String> models, int maxInFlight) {
    this(pool, models, maxInFlight, Fallback.NEVER, false);
  }

  /** As above; with {@code keepTranscripts} every result carries its episode's turns and replies. */
  public EpisodeRunner(PoolClient pool, List<String> models, int maxInFlight, boolean keepTranscripts) {
    this(pool, models, maxInFlight, Fallback.NEVER, keepTranscripts);
  }

  /**
   * A runner whose turns go on with the policy's next-ranked model while {@code fallback} allows it after a failed
   * call; when no ranked model is left the episode fails, naming every failed call.
   */
  public EpisodeRunner(PoolClient pool, List<String> models, int maxInFlight, Fallback fallback) {
    this(pool, models, maxInFlight, fallback, false);
  }

  private EpisodeRunner(PoolClient pool, List<String> models, int maxInFlight, Fallback fallback,
      boolean keepTranscripts) {
    this(pool, models, maxInFlight, fallback, keepTranscripts, Graders.of(SandboxSettings.DEFAULT),
        TurnErrors.FAIL_EPISODE);
  }

  private EpisodeRunner(PoolClient pool, List<String> models, int maxInFlight, Fallback fallback,
      boolean keepTranscripts, GraderLookup graders, TurnErrors turnErrors) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("max_in_flight must be at least 1, got " + maxInFlight);
    }
    this.pool = pool;
    this.models = List.copyOf(models);
    this.maxInFlight = maxInFlight;
    this.keepTranscripts = keepTranscripts;
    this.fallback = fallback;
    this.graders = graders;
    this.turnErrors = turnErrors;
  }

  /**
   * This runner grading with {@code graders}; with {@link Graders}, their sandbox settings are the ones code
   * answers run under.
   */
  public EpisodeRunner grading(GraderLookup graders) {
    return new EpisodeRunner(pool, models, maxInFlight, fallback, keepTranscripts, graders, turnErrors);
  }

  /**
   * This runner ending a turn as failed, as {@code policy} says, when its call fails for that request alone
   * ({@link CallFailure.Category#TURN}) or its reply is no answer (empty, filtered, cut off at the token cap).
   */
  public EpisodeRunner onTurnError(TurnErrors policy) {
    return new EpisodeRunner(pool, models, maxInFlight, fallback, keepTranscripts, graders, policy);
  }

  /**
   * Plays all episodes as {@link #runAll} does, but hands back each failure instead of throwing it: a failure that
   * ends the run ({@link CallFailure.Category#CONFIGURATION} or {@link CallFailure.Category#BUDGET}) also stops
   * every episode of the batch before its next call, since each further call would fail (and be paid for) again;
   * the episodes it stopped carry that failure. Failures no classification covers (bugs) are thrown as before.
   */
  public List<EpisodeOutcome> runAllOutcomes(List<Episode> episodes) {
    EpisodeOutcome[] outcomes = new EpisodeOutcome[episodes.size()];
    AtomicReference<CallFailure> stop = new AtomicReference<>();
    EpisodeObserver observer = new EpisodeObserver() {
      @Override
      public boolean proceed() {
        return stop.get() == null;
      }
    };
    AtomicInteger next = new AtomicInteger();
    int lanes = Math.min(maxInFlight, episodes.size());
    CompletableFuture<?>[] running = new CompletableFuture<?>[lanes];
    for (int i = 0; i < lanes; i++) {
      running[i] = outcomeLane(episodes, outcomes, next, observer, stop);
    }
    try {
      CompletableFuture.allOf(running).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return Arrays.asList(outcomes);
  }

  private CompletableFuture<Void> outcomeLane(List<Episode> episodes, EpisodeOutcome[] outcomes, AtomicInteger next,
      EpisodeObserver observer, AtomicReference<CallFailure> stop) {
    int index = next.getAndIncrement();
    if (index >= episodes.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return run(episodes.get(index), observer).handle((result, failure) -> {
      if (failure == null) {
        return EpisodeOutcome.of(result);
      }
      CallFailure classified = classify(failure, stop);
      if (classified.category() == CallFailure.Category.CONFIGURATION
          || classified.category() == CallFailure.Category.BUDGET) {
        stop.compareAndSet(null, classified);
      }
      return EpisodeOutcome.failed(classified);
    }).thenCompose(outcome -> {
      outcomes[index] = outcome;
      return outcomeLane(episodes, outcomes, next, observer, stop);
    });
  }

  /** The failure an episode's future failed with, as the run must act on it; a bug's exception is rethrown. */
  private static CallFailure classify(Throwable failure, AtomicReference<CallFailure> stop) {
    Throwable cause = failure;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof EpisodeException e && e.failure() != null) {
      return e.failure();
    }
    if (cause instanceof EpisodeCancelledException && stop.get() != null) {
      return stop.get();
    }
    if (cause instanceof SandboxUnavailableException e) {
      return new CallFailure(CallFailure.Kind.SANDBOX_UNAVAILABLE, null, e.getMessage());
    }
    throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
  }

  /** Plays all episodes, at most {@code maxInFlight} at a time, and returns their results in the episodes' order. */
  public List<EpisodeResult> runAll(List<Episode> episodes) {
    EpisodeResult[] results = new EpisodeResult[episodes.size()];
    AtomicInteger next = new AtomicInteger();
    int lanes = Math.min(maxInFlight, episodes.size());
    CompletableFuture<?>[] running = new CompletableFuture<?>[lanes];
    for (int i = 0; i < lanes; i++) {
      running[i] = lane(episodes, results, next);
    }
    try {
      CompletableFuture.allOf(running).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    return Arrays.asList(results);
  }

  /** A lane plays one episode after another; the lanes together bound the episodes in flight. */
  private CompletableFuture<Void> lane(List<Episode> episodes, EpisodeResult[] results, AtomicInteger next) {
    int index = next.getAndIncrement();
    if (index >= episodes.size()) {
      return CompletableFuture.completedFuture(null);
    }
    return run(episodes.get(index)).thenCompose(result -> {
      results[index] = result;
      return lane(episodes, results, next);
    });
  }

  public CompletableFuture<EpisodeResult> run(Episode episode) {
    return run(episode, EpisodeObserver.NONE);
  }

  private CompletableFuture<EpisodeResult> run(Episode episode, EpisodeObserver observer) {
    long started = System.nanoTime();
    return play(episode, observer)
        .thenApplyAsync(played -> finish(episode, played, (System.nanoTime() - started) / 1_000_000),
            EpisodeWork.EXECUTOR);
  }

  /**
   * Plays an episode without grading it, telling {@code observer} of each turn as it is answered and asking it
   * before every call whether to go on.
   */
  public CompletableFuture<PlayedEpisode> play(Episode episode, EpisodeObserver observer) {
    // The first turn too encodes on the work threads: on the caller's (a serving event loop or bounded pool, a task
    // starting its lanes one by one) the first encodes of concurrent episodes would run one after another, where
    // the Qwen3 encoder batches the ones that wait together.
    return CompletableFuture.supplyAsync(() -> turn(episode, observer, Transcript.of(episode.task().prompt()),
        new ArrayList<>(), new ArrayList<>(), new ArrayList<>()), EpisodeWork.EXECUTOR).thenCompose(next -> next);
  }

  private CompletableFuture<PlayedEpisode> turn(Episode episode, EpisodeObserver observer, Transcript transcript,
      List<Decision> decisions, List<PlayedTurn> played, List<FailedTurn> failedTurns) {
    EpisodeSettings settings = episode.settings();
    if (decisions.size() >= settings.maxTurns() || transcript.acceptedByVerifier()) {
      return CompletableFuture.completedFuture(new PlayedEpisode(transcript, played, failedTurns, false));
    }
    if (!observer.proceed()) {
      return CompletableFuture.failedFuture(new EpisodeCancelledException("episode of task " + episode.task().id()
          + " stopped after " + decisions.size() + " turns"));
    }
    Ranking ranking = fallback == Fallback.NEVER
        ? Ranking.of(episode.policy().decide(transcript))
        : episode.policy().rank(transcript);
    return call(episode, observer, transcript, decisions, played, failedTurns, ranking, new ArrayList<>());
  }

  /**
   * Calls the model of {@code ranking}'s next choice after the {@code failed} ones; a failure that {@link
   * #fallback} allows goes on down the ranking (asking the observer first), any other fails the episode. The
   * episode's failure has the last call's as its cause: that one ended the turn (a spent budget, say, after an
   * open circuit), so it says best why.
   */
  private CompletableFuture<PlayedEpisode> call(Episode episode, EpisodeObserver observer, Transcript transcript,
      List<Decision> decisions, List<PlayedTurn> played, List<FailedTurn> failedTurns, Ranking ranking,
      List<FailedCall> failed) {
    Decision decision = ranking.decision(failed.size());
    if (decision.model() < 0 || decision.model() >= models.size()) {
      throw new IllegalStateException("policy chose model " + decision.model() + " of a pool of " + models.size());
    }
    // A fallback replaces the turn's decision, so its call is seeded as if the policy had chosen it.
    if (failed.isEmpty()) {
      decisions.add(decision);
    } else {
      decisions.set(decisions.size() - 1, decision);
    }
    String model = models.get(decision.model());
    ChatRequest request = new ChatRequest(model, messages(episode, transcript, decision),
        episode.settings().temperature(), episode.settings().maxTokens(),
        CallSeeds.seed(episode.task().id(), decisions, episode.sampling().sampleIndex()))
        .withPrecedence(episode.settings().precedence())
        // The gateway accounts tokens and cost per role; the tag never reaches the model or the response cache.
        .withTags(new CallTags(decision.role().name().toLowerCase(Locale.ROOT), episode.sampling().generation()));
    boolean finalAnswer = decisions.size() == episode.settings().maxTurns() && (decision.role() == Role.WORKER
        || transcript.turns().stream().noneMatch(t -> t.role() == Role.WORKER));
    Consumer<String> sink = observer.streamTurn(decisions.size(), decision, finalAnswer);
    AtomicBoolean relayed = new AtomicBoolean();
    CompletableFuture<ChatResponse> reply = sink == null ? pool.chat(request) : pool.chatStreaming(request, piece -> {
      relayed.set(true);
      sink.accept(piece);
    });
    // The next turn encodes its transcript: on a thread of its own, not the one that completed the call.
    return reply.handleAsync((response, failure) -> {
      if (failure == null) {
        CallFailure noAnswer = turnErrors == TurnErrors.FAIL_EPISODE ? null : CallFailure.ofReply(model, response);
        if (noAnswer != null) {
          return failTurn(episode, observer, transcript, decisions, played, failedTurns,
              new FailedTurn(decisions.size(), decision.model(), noAnswer,
                  response.usage() == null ? NO_USAGE : response.usage()));
        }
        Turn turn = new Turn(model, decision.role(), contentOf(response));
        PlayedTurn answered = new PlayedTurn(decisions.size(), decision, turn,
            response.usage() == null ? NO_USAGE : response.usage(), failed);
        played.add(answered);
        observer.turnPlayed(answered);
        return turn(episode, observer, transcript.append(turn), decisions, played, failedTurns);
      }
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      CallFailure classified = CallFailure.of(model, cause);
      if (turnErrors != TurnErrors.FAIL_EPISODE && classified.category() == CallFailure.Category.TURN
          && !relayed.get()) {
        return failTurn(episode, observer, transcript, decisions, played, failedTurns,
            new FailedTurn(decisions.size(), decision.model(), classified, NO_USAGE));
      }
      failed.add(FailedCall.of(model, cause));
      if (failed.size() == ranking.size() || relayed.get() || !fallback.tryNext(cause)) {
        return CompletableFuture.<PlayedEpisode>failedFuture(new EpisodeException(failedTurn(episode,
            decisions.size(), failed, failure), failure, classified));
      }
      if (!observer.proceed()) {
        return CompletableFuture.<PlayedEpisode>failedFuture(new EpisodeCancelledException("episode of task "
            + episode.task().id() + " stopped at turn " + decisions.size() + " before a fallback call"));
      }
      return call(episode, observer, transcript, decisions, played, failedTurns, ranking, failed);
    }, EpisodeWork.EXECUTOR).thenCompose(next -> next);
  }

  /**
   * Ends the current turn as failed: nothing joins the transcript, the turn stays spent, and the episode either
   * goes on with the policy's next decision or ends (reward 0), as {@link #turnErrors} says.
   */
  private CompletableFuture<PlayedEpisode> failTurn(Episode episode, EpisodeObserver observer, Transcript transcript,
      List<Decision> decisions, List<PlayedTurn> played, List<FailedTurn> failedTurns, FailedTurn failed) {
    failedTurns.add(failed);
    if (turnErrors == TurnErrors.END_EPISODE) {
      return CompletableFuture.completedFuture(new PlayedEpisode(transcript, played, failedTurns, true));
    }
    return turn(episode, observer, transcript, decisions, played, failedTurns);
  }

  /** Names the turn and every model it called, so that a client sees why no fallback answered. */
  private static String failedTurn(Episode episode, int turn, List<FailedCall> failed, Throwable last) {
    String prefix = "episode of task " + episode.task().id() + " failed at turn " + turn;
    if (failed.size() == 1) {
      return prefix + " calling " + failed.get(0).model() + ": " + rootMessage(last);
    }
    return prefix + ", calling " + failed.size() + " models in the policy's order: " + failed.stream()
        .map(call -> call.model() + " (" + call.reason() + ")").collect(Collectors.joining("; "));
  }

  private static List<ChatMessage> messages(Episode episode, Transcript transcript, Decision decision) {
    Task task = episode.task();
    List<ChatMessage> messages = new ArrayList<>(3 + episode.context().size());
    messages.add(new ChatMessage("system", episode.prompts().forRole(decision.role(), task.format())));
    messages.addAll(episode.context());
    messages.add(new ChatMessage("user", task.prompt()));
    if (!transcript.isEmpty()) {
      messages.add(new ChatMessage("user", transcript.earlierTurnsText()));
    }
    return messages;
  }

  private EpisodeResult finish(Episode episode, PlayedEpisode played, long latencyMillis) {
    Task task = episode.task();
    String answer = played.finalAnswer();
    List<FailedTurn> failedTurns = played.failedTurns();
    Grade grade;
    if (played.endedByFailure()) {
      FailedTurn last = failedTurns.get(failedTurns.size() - 1);
      grade = new Grade(false, null, "turn " + last.number() + " failed (" + last.failure().kind().wireName()
          + ") and ended the episode");
    } else if (answer == null) {
      grade = new Grade(false, null, failedTurns.isEmpty() ? "no turn was played" : "every turn failed");
    } else {
      grade = graders.grader(task).grade(task, answer);
    }
    int[] failedModels = failedTurns.stream().mapToInt(FailedTurn::model).toArray();
    String[] failedKinds = failedTurns.stream().map(f -> f.failure().kind().wireName()).toArray(String[]::new);
    int turns = played.turns().size();
    int[] chosenModels = new int[turns];
    int[] chosenRoles = new int[turns];
    long promptTokens = 0;
    long completionTokens = 0;
    double cost = 0;
    for (int t = 0; t < turns; t++) {
      PlayedTurn turn = played.turns().get(t);
      chosenModels[t] = turn.decision().model();
      chosenRoles[t] = turn.decision().role().ordinal();
      promptTokens += turn.usage().promptTokens();
      completionTokens += turn.usage().completionTokens();
      cost += turn.usage().cost();
    }
    for (FailedTurn failed : failedTurns) {
      promptTokens += failed.usage().promptTokens();
      completionTokens += failed.usage().completionTokens();
      cost += failed.usage().cost();
    }
    return new EpisodeResult(task.id(), task.category(), grade.correct() ? 1.0 : 0.0, grade.extracted(),
        grade.reason(), chosenModels, chosenRoles, played.acceptedByVerifier(), turns + failedTurns.size(),
        promptTokens,
        completionTokens, cost, latencyMillis,
        keepTranscripts ? played.transcript().turns().toArray(Turn[]::new) : null, failedModels, failedKinds);
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
}
