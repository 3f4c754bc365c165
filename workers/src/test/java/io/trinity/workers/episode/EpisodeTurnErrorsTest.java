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
import io.trinity.workers.coordinator.SoftmaxPolicy;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import io.trinity.workers.transcript.Transcript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
  private static final int D = 16;
  private static final HeadShape SHAPE = new HeadShape(D, 2);
  private static final HashingEncoder ENCODER = new HashingEncoder(D);
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

  /**
   * A sampled decision whose turn failed and was skipped was still drawn from the policy and still spent the turn,
   * so it belongs in the episode's score function: sum_t grad log pi(a_t | h_t) runs over every drawn a_t.
   */
  @Test
  void aSampledDecisionWhoseTurnFailedCountsInTheScoreFunction() {
    EpisodeRunner runner = new EpisodeRunner(RefusingClient.withStatus(400, CONTEXT_LENGTH), MODELS, 4)
        .onTurnError(TurnErrors.CONTINUE);
    Task task = TASKS.get(0);
    float[] h = ENCODER.encode(Transcript.of(task.prompt()));
    for (long seed = 0; seed < 64; seed++) {
      SoftmaxPolicy policy = uniformPolicy(seed);
      EpisodeResult result = runner.runAll(List.of(new Episode(task, policy, RolePrompts.CURRENT,
          new EpisodeSettings(2, 0.7, 512), Sampling.training(0)))).get(0);
      if (!Arrays.equals(new int[] {1}, result.failedModels()) || !Arrays.equals(new int[] {0}, result.models())) {
        continue;
      }
      assertEquals(2, policy.decisions(), "the failed turn's decision and the answered one");
      // The failed turn left the transcript as it was, so both turns were decided on the same h; the same seed
      // draws the same two decisions again.
      SoftmaxPolicy replay = uniformPolicy(seed);
      Decision failed = replay.decide(Transcript.of(task.prompt()));
      Decision answered = replay.decide(Transcript.of(task.prompt()));
      assertEquals(1, failed.model());
      assertEquals(0, answered.model());
      double[] expected = new double[SHAPE.parameterCount()];
      for (Decision d : List.of(failed, answered)) {
        for (int row = 0; row < MODELS.size() + HeadShape.ROLES; row++) {
          boolean chosen = row < MODELS.size() ? row == d.model() : row - MODELS.size() == d.role().ordinal();
          double p = row < MODELS.size() ? 1.0 / MODELS.size() : 1.0 / HeadShape.ROLES;
          for (int i = 0; i < D; i++) {
            expected[row * D + i] += ((chosen ? 1 : 0) - p) * h[i];
          }
        }
      }
      assertArrayEquals(expected, policy.scoreGradient(), 1e-6);
      return;
    }
    throw new AssertionError("no seed of 64 routed turn 1 to the refusing model and turn 2 to the perfect one");
  }

  /**
   * Why the failed decisions must count: REINFORCE's estimate (1/N) sum (r - b) g, with b the batch's mean reward
   * as the optimiser uses it, matches the exact gradient of the expected reward only when g includes them. Here a
   * uniform head picks "refusing" half the time and that one-turn episode scores 0; the exact gradient comes from
   * playing every (model, role) once. Only the perfect model's Worker scores, so the model rows' exact gradient is
   * 1/12 per unit of h; leaving the failed decisions out would give half of it, 1/24.
   */
  @Test
  void theScoreFunctionEstimateIsUnbiasedWithFailedTurnsCounted() {
    EpisodeRunner runner = new EpisodeRunner(RefusingClient.withStatus(400, CONTEXT_LENGTH), MODELS, 4)
        .onTurnError(TurnErrors.CONTINUE);
    Task task = TASKS.get(0);
    EpisodeSettings oneTurn = new EpisodeSettings(1, 0.7, 512);
    float[] h = ENCODER.encode(Transcript.of(task.prompt()));
    int rows = MODELS.size() + HeadShape.ROLES;
    int feature = 0;
    while (h[feature] == 0) {
      feature++;
    }

    // Exact: the gradient of E[r] is sum over (m, role) of pi(m, role) r(m, role) grad log pi(m, role).
    double[] exact = new double[rows];
    for (int m = 0; m < MODELS.size(); m++) {
      for (Role role : Role.values()) {
        Decision fixed = new Decision(m, role);
        double r = runner.runAll(List.of(new Episode(task, transcript -> fixed, RolePrompts.CURRENT, oneTurn,
            Sampling.training(0)))).get(0).reward();
        double pi = 1.0 / MODELS.size() / HeadShape.ROLES;
        for (int row = 0; row < rows; row++) {
          boolean chosen = row < MODELS.size() ? row == m : row - MODELS.size() == role.ordinal();
          double p = row < MODELS.size() ? 1.0 / MODELS.size() : 1.0 / HeadShape.ROLES;
          exact[row] += pi * r * ((chosen ? 1 : 0) - p);
        }
      }
    }
    assertEquals(1.0 / 12, exact[0], 1e-9, "only the perfect model's Worker answers");

    int n = 2000;
    List<SoftmaxPolicy> policies = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      SoftmaxPolicy policy = uniformPolicy(1000 + i);
      policies.add(policy);
      episodes.add(new Episode(task, policy, RolePrompts.CURRENT, oneTurn, Sampling.training(0)));
    }
    List<EpisodeResult> results = runner.runAll(episodes);
    double meanReward = results.stream().mapToDouble(EpisodeResult::reward).average().orElseThrow();
    double[] estimate = new double[rows];
    for (int e = 0; e < n; e++) {
      double[] g = policies.get(e).scoreGradient();
      for (int row = 0; row < rows; row++) {
        estimate[row] += (results.get(e).reward() - meanReward) * g[row * D + feature] / h[feature] / n;
      }
    }
    // The standard error is about 0.004 per row at this n: the tolerance is 5 of them, the bias 10.
    assertArrayEquals(exact, estimate, 0.02, "estimate " + Arrays.toString(estimate) + " vs exact "
        + Arrays.toString(exact));
  }

  private static SoftmaxPolicy uniformPolicy(long seed) {
    float[] zero = new float[SHAPE.parameterCount()];
    return new SoftmaxPolicy(ENCODER, new LinearHead(SHAPE, zero), MODELS.size(), zero.length, seed);
  }
}
