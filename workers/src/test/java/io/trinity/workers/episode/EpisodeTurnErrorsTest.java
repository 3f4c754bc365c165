package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.sandbox.SandboxUnavailableException;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.CallFailure;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.api.OpenAiJson;
import io.trinity.gateway.api.Usage;
import io.trinity.gateway.client.PoolClient;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error classes inside an episode: a per-request failure ends its turn (the episode goes on, or ends with
 * reward 0), a configuration failure stops the batch before any further call, and the default still fails the
 * episode as serving needs. The pool is a real gateway over a simulated pool; the failures are what the HTTP
 * client makes of the bodies real APIs send.
 */
class EpisodeTurnErrorsTest {
  private static final List<Task> TASKS = DemoTasks.load();
  private static final List<String> MODELS = List.of("perfect", "refusing");
  private static final String CONTEXT_LENGTH = """
      {"error": {"message": "This model's maximum context length is 8192 tokens. However, your messages resulted \
      in 9000 tokens.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}}""";
  private static final String BAD_KEY = """
      {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error",
      "code": "invalid_api_key"}}""";
  private static SimPoolFixture pool;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startPool() throws Exception {
    pool = new SimPoolFixture(dir, TASKS, SimPoolFixture.pool(0, "perfect", "1.0", "refusing", "1.0"));
  }

  @AfterAll
  static void stopPool() {
    pool.close();
  }

  /** Calls to "refusing" get {@code refusal} instead of the pool's reply; counts every call. */
  private static final class RefusingClient implements PoolClient {
    final Function<ChatRequest, CompletableFuture<ChatResponse>> refusal;
    final AtomicInteger calls = new AtomicInteger();

    RefusingClient(Function<ChatRequest, CompletableFuture<ChatResponse>> refusal) {
      this.refusal = refusal;
    }

    static RefusingClient withStatus(int status, String body) {
      return new RefusingClient(request -> CompletableFuture.failedFuture(
          OpenAiJson.readError(status, body.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      calls.incrementAndGet();
      return request.model().equals("refusing") ? refusal.apply(request) : pool.client.chat(request);
    }

    @Override
    public void close() {}
  }

  /** Turn 1 goes to "refusing"; every later turn is the perfect model's Worker answer. */
  private static Policy refusingFirst() {
    AtomicInteger decided = new AtomicInteger();
    return (Transcript transcript) -> decided.getAndIncrement() == 0 ? new Decision(1, Role.WORKER)
        : new Decision(0, Role.WORKER);
  }

  private static Episode episode(Task task, Policy policy) {
    return new Episode(task, policy, RolePrompts.CURRENT, new EpisodeSettings(2, 0.7, 512), Sampling.training(0));
  }

  @Test
  void aContextTooLongEndsTheTurnAndTheEpisodeGoesOnWithTheNextDecision() {
    EpisodeRunner runner = new EpisodeRunner(RefusingClient.withStatus(400, CONTEXT_LENGTH), MODELS, 4)
        .onTurnError(TurnErrors.CONTINUE);
    EpisodeResult result = runner.runAll(List.of(episode(TASKS.get(0), refusingFirst()))).get(0);

    assertEquals(1.0, result.reward(), "the perfect model answered the second turn: " + result.gradeReason());
    assertArrayEquals(new int[] {0}, result.models(), "only the answered turn is among the decisions played");
    assertArrayEquals(new int[] {1}, result.failedModels());
    assertArrayEquals(new String[] {"context_length"}, result.failedKinds());
    assertEquals(2, result.calls(), "the refused call counts among the episode's calls");
  }

  @Test
  void endEpisodeScoresTheEpisodeZeroAtTheFailedTurn() {
    RefusingClient client = RefusingClient.withStatus(400, CONTEXT_LENGTH);
    EpisodeResult result = new EpisodeRunner(client, MODELS, 4).onTurnError(TurnErrors.END_EPISODE)
        .runAll(List.of(episode(TASKS.get(0), refusingFirst()))).get(0);

    assertEquals(0.0, result.reward());
    assertEquals(0, result.turns());
    assertArrayEquals(new String[] {"context_length"}, result.failedKinds());
    assertTrue(result.gradeReason().contains("turn 1 failed (context_length)"), result.gradeReason());
    assertEquals(1, client.calls.get(), "no call after the failed turn");
  }

  @Test
  void emptyAndCutOffRepliesAreFailedTurnsNotAnswers() {
    for (String[] reply : new String[][] {{"", "stop", "empty_reply"}, {"Let me think", "length",
        "no_final_answer"}, {"", "content_filter", "content_filter"}}) {
      RefusingClient client = new RefusingClient(request -> CompletableFuture.completedFuture(
          new ChatResponse("c", "refusing", reply[0], reply[1], new Usage(1000, 30, 0.5))));
      EpisodeResult result = new EpisodeRunner(client, MODELS, 4).onTurnError(TurnErrors.CONTINUE)
          .runAll(List.of(episode(TASKS.get(0), refusingFirst()))).get(0);
      assertArrayEquals(new String[] {reply[2]}, result.failedKinds());
      assertEquals(1.0, result.reward());
      assertTrue(result.cost() >= 0.5 && result.promptTokens() >= 1000, "the billed reply counts in the episode's "
          + "cost and tokens: " + result.cost() + ", " + result.promptTokens());
    }
  }

  @Test
  void byDefaultAFailedTurnStillFailsTheEpisodeAsServingNeeds() {
    EpisodeRunner runner = new EpisodeRunner(RefusingClient.withStatus(400, CONTEXT_LENGTH), MODELS, 4);
    EpisodeException e = assertThrows(EpisodeException.class,
        () -> runner.runAll(List.of(episode(TASKS.get(0), refusingFirst()))));
    assertEquals(CallFailure.Kind.CONTEXT_LENGTH, e.failure().kind());
  }

  @Test
  void aRejectedKeyStopsEveryEpisodeOfTheBatchBeforeItsNextCall() {
    RefusingClient client = RefusingClient.withStatus(401, BAD_KEY);
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      episodes.add(episode(TASKS.get(i), refusingFirst()));
    }
    List<EpisodeOutcome> outcomes = new EpisodeRunner(client, MODELS, 1).onTurnError(TurnErrors.CONTINUE)
        .runAllOutcomes(episodes);

    assertEquals(1, client.calls.get(), "one episode in flight: the rejected call was the only one");
    for (EpisodeOutcome outcome : outcomes) {
      assertNull(outcome.result());
      assertEquals(CallFailure.Kind.INVALID_KEY, outcome.failure().kind());
      assertEquals("refusing", outcome.failure().model());
    }
  }

  @Test
  void anOutageIsHandedBackForTheRoundToRetryWhileOtherEpisodesFinish() {
    RefusingClient client = RefusingClient.withStatus(503, "{\"error\": {\"message\": \"overloaded\"}}");
    Policy perfect = transcript -> new Decision(0, Role.WORKER);
    List<EpisodeOutcome> outcomes = new EpisodeRunner(client, MODELS, 2).onTurnError(TurnErrors.CONTINUE)
        .runAllOutcomes(List.of(episode(TASKS.get(0), refusingFirst()), episode(TASKS.get(1), perfect)));

    assertEquals(CallFailure.Kind.UNAVAILABLE, outcomes.get(0).failure().kind());
    assertEquals(1.0, outcomes.get(1).result().reward());
  }

  @Test
  void anExecutorThatCannotGradeCodeSafelyStopsTheBatchWithTheSandboxsMessage() {
    String why = "code grading needs bubblewrap (bwrap), which does not work here: install it, or set "
        + "sandbox.isolation: limits_only";
    RefusingClient client = RefusingClient.withStatus(400, CONTEXT_LENGTH);
    Policy perfect = transcript -> new Decision(0, Role.WORKER);
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      episodes.add(episode(TASKS.get(i), perfect));
    }
    List<EpisodeOutcome> outcomes = new EpisodeRunner(client, MODELS, 1).onTurnError(TurnErrors.CONTINUE)
        .grading(task -> {
          throw new SandboxUnavailableException(why);
        }).runAllOutcomes(episodes);

    assertEquals(2, client.calls.get(), "the first episode's two turns; no episode started after it failed");
    for (EpisodeOutcome outcome : outcomes) {
      assertEquals(CallFailure.Kind.SANDBOX_UNAVAILABLE, outcome.failure().kind());
      assertEquals(CallFailure.Category.CONFIGURATION, outcome.failure().category());
      assertEquals(why, outcome.failure().message());
    }
  }
}
