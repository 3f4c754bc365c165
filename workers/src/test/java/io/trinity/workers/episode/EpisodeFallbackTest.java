package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.GatewayException;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.client.PoolClient;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.Ranking;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A turn whose model fails goes on with the policy's next-ranked model, only where the runner's rule allows. */
class EpisodeFallbackTest {
  private static final List<String> MODELS = List.of("down", "broke", "up");
  private static final Task TASK = new Task("t/1", "gsm8k", "gsm8k", "What is 6 times 7?", "42", AnswerFormat.NUMBER);
  private static final Fallback UNLESS_BUDGET = failure -> !(failure instanceof GatewayException g
      && g.status() == 402);

  @Test
  void theNextRankedModelAnswersAndTheTurnRecordsTheFailedCalls() {
    FakePool pool = new FakePool(Map.of("down", circuitOpen(), "broke", serverError()));
    PlayedEpisode played = new EpisodeRunner(pool, MODELS, 1, UNLESS_BUDGET)
        .play(episode(new Ranked(0, 1, 2), 1), EpisodeObserver.NONE).join();

    PlayedTurn turn = played.turns().get(0);
    assertEquals(new Decision(2, Role.WORKER), turn.decision());
    assertEquals("up", turn.turn().model());
    assertEquals("answer from up", played.finalAnswer());
    assertEquals(List.of("down", "broke"), turn.fallbackFrom().stream().map(FailedCall::model).toList());
    assertEquals(List.of(503, 500), turn.fallbackFrom().stream().map(FailedCall::status).toList());
    assertEquals(List.of("down", "broke", "up"), pool.calledModels());

    // The fallback's call is the one the policy would have made choosing it: the same seed, so the same reply.
    FakePool direct = new FakePool(Map.of());
    new EpisodeRunner(direct, MODELS, 1).play(episode(new Ranked(2, 0, 1), 1), EpisodeObserver.NONE).join();
    assertEquals(direct.requests.get(0).seed(), pool.requests.get(2).seed());
    assertEquals(direct.requests.get(0).messages(), pool.requests.get(2).messages());
  }

  @Test
  void withoutAFallbackRuleTheFirstFailureEndsTheEpisodeAndNoRankingIsAskedFor() {
    FakePool pool = new FakePool(Map.of("down", circuitOpen()));
    Ranked policy = new Ranked(0, 2, 1);
    CompletionException e = assertThrows(CompletionException.class, () -> new EpisodeRunner(pool, MODELS, 1)
        .play(episode(policy, 1), EpisodeObserver.NONE).join());
    assertInstanceOf(EpisodeException.class, e.getCause());
    assertEquals("episode of task t/1 failed at turn 1 calling down: the circuit breaker of down is open",
        e.getCause().getMessage());
    assertEquals(List.of("down"), pool.calledModels());
    assertEquals(0, policy.rankings.get(), "training and evaluation never rank");
  }

  @Test
  void whenEveryRankedModelFailsTheErrorNamesEachAndCarriesTheLastFailure() {
    GatewayException last = new GatewayException(429, "rate_limit_error", "up is rate limited");
    FakePool pool = new FakePool(Map.of("down", circuitOpen(), "broke", serverError(), "up", last));
    CompletionException e = assertThrows(CompletionException.class, () -> new EpisodeRunner(pool, MODELS, 1,
        UNLESS_BUDGET).play(episode(new Ranked(0, 1, 2), 1), EpisodeObserver.NONE).join());
    assertEquals("episode of task t/1 failed at turn 1, calling 3 models in the policy's order: down (the circuit "
        + "breaker of down is open); broke (broke answered 500); up (up is rate limited)", e.getCause().getMessage());
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertSame(last, root);
  }

  @Test
  void aFailureTheRuleRefusesEndsTheTurnAtOnce() {
    FakePool pool = new FakePool(Map.of("down", circuitOpen(),
        "broke", new GatewayException(402, "budget_exhausted", "the gateway's budget is exhausted")));
    CompletionException e = assertThrows(CompletionException.class, () -> new EpisodeRunner(pool, MODELS, 1,
        UNLESS_BUDGET).play(episode(new Ranked(0, 1, 2), 1), EpisodeObserver.NONE).join());
    assertEquals(List.of("down", "broke"), pool.calledModels());
    assertTrue(e.getCause().getMessage().contains("broke (the gateway's budget is exhausted)"),
        e.getCause().getMessage());
  }

  @Test
  void aStoppedEpisodeMakesNoFallbackCall() {
    FakePool pool = new FakePool(Map.of("down", circuitOpen()));
    AtomicInteger asked = new AtomicInteger();
    EpisodeObserver stopAfterFirstCall = new EpisodeObserver() {
      @Override
      public boolean proceed() {
        return asked.incrementAndGet() == 1;
      }
    };
    CompletionException e = assertThrows(CompletionException.class, () -> new EpisodeRunner(pool, MODELS, 1,
        UNLESS_BUDGET).play(episode(new Ranked(0, 2, 1), 1), stopAfterFirstCall).join());
    assertInstanceOf(EpisodeCancelledException.class, e.getCause());
    assertEquals(List.of("down"), pool.calledModels());
  }

  @Test
  void laterTurnsAreDecidedOnTheTranscriptTheFallbackWrote() {
    FakePool pool = new FakePool(Map.of("down", circuitOpen()));
    PlayedEpisode played = new EpisodeRunner(pool, MODELS, 1, UNLESS_BUDGET)
        .play(episode(new Ranked(0, 2, 1), 2), EpisodeObserver.NONE).join();
    assertEquals(List.of("up", "up"), played.turns().stream().map(t -> t.turn().model()).toList());
    assertEquals(1, played.turns().get(1).fallbackFrom().size());
    assertEquals(List.of("down", "up", "down", "up"), pool.calledModels());
    assertTrue(pool.requests.get(3).messages().toString().contains("answer from up"),
        "turn 2 sees turn 1's fallback reply");
  }

  private static Episode episode(Policy policy, int maxTurns) {
    return new Episode(TASK, policy, RolePrompts.CURRENT, new EpisodeSettings(maxTurns, 0.7, 64),
        Sampling.training(0));
  }

  private static GatewayException circuitOpen() {
    return new GatewayException(503, "circuit_open", "the circuit breaker of down is open", null, "circuit_open");
  }

  private static GatewayException serverError() {
    return new GatewayException(500, "server_error", "broke answered 500");
  }

  /** Ranks the models in a fixed order as Worker; decides its first; counts the rankings asked for. */
  private static final class Ranked implements Policy {
    private final List<Integer> order;
    final AtomicInteger rankings = new AtomicInteger();

    Ranked(Integer... order) {
      this.order = List.of(order);
    }

    @Override
    public Decision decide(Transcript transcript) {
      return new Decision(order.get(0), Role.WORKER);
    }

    @Override
    public Ranking rank(Transcript transcript) {
      rankings.incrementAndGet();
      return new Ranking(order, Role.WORKER);
    }
  }

  /** Fails the calls to the given models and answers the others at once; records every request. */
  private static final class FakePool implements PoolClient {
    private final Map<String, GatewayException> failures;
    final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

    FakePool(Map<String, GatewayException> failures) {
      this.failures = failures;
    }

    List<String> calledModels() {
      return requests.stream().map(ChatRequest::model).toList();
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      requests.add(request);
      GatewayException failure = failures.get(request.model());
      if (failure != null) {
        // Failed asynchronously, as the HTTP client fails: wrapped in a CompletionException downstream.
        return CompletableFuture.supplyAsync(() -> {
          throw failure;
        });
      }
      return CompletableFuture.completedFuture(new ChatResponse("id", request.model(),
          "answer from " + request.model(), "stop", new Usage(3, 4, 0.001)));
    }

    @Override
    public void close() {}
  }
}
