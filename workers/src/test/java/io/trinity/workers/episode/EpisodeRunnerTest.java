package io.trinity.workers.episode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.grade.GraderLookup;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.ChatRequest;
import io.trinity.gateway.api.ChatResponse;
import io.trinity.gateway.client.PoolClient;
import io.trinity.workers.encode.HashingEncoder;
import io.trinity.workers.head.Decision;
import io.trinity.workers.head.HeadShape;
import io.trinity.workers.head.LinearHead;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EpisodeRunnerTest {
  private static final List<Task> TASKS = DemoTasks.load();
  private static final List<String> MODELS = List.of("perfect", "hopeless");
  private static SimPoolFixture pool;

  @TempDir
  static Path dir;

  @BeforeAll
  static void startPool() throws Exception {
    pool = new SimPoolFixture(dir, TASKS, SimPoolFixture.pool(0, "perfect", "1.0", "hopeless", "0.0"));
  }

  @AfterAll
  static void stopPool() throws Exception {
    pool.close();
  }

  private static EpisodeRunner runner(PoolClient client, int inFlight) {
    return new EpisodeRunner(client, MODELS, inFlight);
  }

  private static Episode episode(Task task, Policy policy, int maxTurns) {
    return new Episode(task, policy, RolePrompts.CURRENT, new EpisodeSettings(maxTurns, 0.7, 512),
        Sampling.training(0));
  }

  /** Plays a fixed sequence of decisions, then repeats the last one. */
  private record Script(Decision... decisions) implements Policy {
    @Override
    public Decision decide(io.trinity.workers.transcript.Transcript t) {
      return decisions[Math.min(t.turns().size(), decisions.length - 1)];
    }
  }

  @Test
  void encodingAndGradingRunOnEpisodeWorkThreadsNotOnTheHttpClientsCompletionThreads() {
    Set<String> deciding = ConcurrentHashMap.newKeySet();
    Set<String> grading = ConcurrentHashMap.newKeySet();
    Policy recorded = transcript -> {
      // The first turn decides on the caller's thread; every later one right after a reply came back.
      if (!transcript.isEmpty()) {
        deciding.add(Thread.currentThread().getName());
      }
      return new Decision(0, Role.WORKER);
    };
    GraderLookup graders = task -> (t, reply) -> {
      grading.add(Thread.currentThread().getName());
      return Graders.forTask(t).grade(t, reply);
    };
    List<Episode> episodes = TASKS.subList(0, 8).stream().map(task -> episode(task, recorded, 3)).toList();
    List<EpisodeResult> results = runner(pool.client, 4).grading(graders).runAll(episodes);
    assertEquals(8.0, results.stream().mapToDouble(EpisodeResult::reward).sum(), "the perfect model is right");
    assertFalse(deciding.isEmpty());
    assertFalse(grading.isEmpty());
    for (String thread : union(deciding, grading)) {
      assertTrue(thread.startsWith(EpisodeWork.THREAD_PREFIX), "encoded or graded on " + thread + "; deciding on "
          + deciding + ", grading on " + grading);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void verifierAcceptEndsTheEpisodeAndTheWorkerAnswerIsGraded() {
    Task task = TASKS.get(0);
    Policy policy = new Script(new Decision(0, Role.WORKER), new Decision(0, Role.VERIFIER),
        new Decision(1, Role.WORKER));
    EpisodeResult r = runner(pool.client, 4).run(episode(task, policy, 5)).join();
    assertEquals(1.0, r.reward(), r.gradeReason());
    assertTrue(r.accepted());
    assertArrayEquals(new int[] {0, 0}, r.models());
    assertArrayEquals(new int[] {Role.WORKER.ordinal(), Role.VERIFIER.ordinal()}, r.roles());
    assertEquals(2, r.calls());
    assertTrue(r.promptTokens() > 0 && r.completionTokens() > 0 && r.cost() > 0);
  }

  @Test
  void theTurnBudgetStopsAnEpisodeThatNeverGetsAccepted() {
    Policy policy = new Script(new Decision(1, Role.WORKER), new Decision(0, Role.VERIFIER));
    EpisodeResult r = runner(pool.client, 4).run(episode(TASKS.get(1), policy, 3)).join();
    // The perfect verifier rejects the hopeless worker's answer every time, so the budget ends the episode.
    assertEquals(3, r.turns());
    assertFalse(r.accepted());
    assertEquals(0.0, r.reward());
  }

  @Test
  void theFinalAnswerIsTheLatestWorkers() {
    // hopeless works, perfect works again, then a hopeless Thinker speaks last: the perfect answer counts.
    Policy policy = new Script(new Decision(1, Role.WORKER), new Decision(0, Role.WORKER),
        new Decision(1, Role.THINKER));
    for (Task task : TASKS.subList(0, 20)) {
      EpisodeResult r = runner(pool.client, 4).run(episode(task, policy, 3)).join();
      assertEquals(1.0, r.reward(), task.id() + ": " + r.gradeReason());
    }
  }

  @Test
  void aSingleModelAloneScoresItsSkill() {
    List<Episode> perfect = new ArrayList<>();
    List<Episode> hopeless = new ArrayList<>();
    for (Task task : TASKS) {
      perfect.add(episode(task, new SingleModelPolicy(0), 1));
      hopeless.add(episode(task, new SingleModelPolicy(1), 1));
    }
    assertEquals(TASKS.size(), runner(pool.client, 64).runAll(perfect).stream()
        .mapToDouble(EpisodeResult::reward).sum());
    assertEquals(0.0, runner(pool.client, 64).runAll(hopeless).stream()
        .mapToDouble(EpisodeResult::reward).sum());
  }

  @Test
  void sameDecisionsGetTheSameRepliesWhateverPolicyMadeThem() {
    // Requests depend only on the task and the decisions, so any policy that decides the same way gets the same
    // replies (common random numbers): replaying a random head's decisions with a script reproduces its episode.
    HeadShape shape = new HeadShape(64, 2);
    float[] weights = new float[shape.parameterCount()];
    Random random = new Random(3);
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextGaussian();
    }
    HashingEncoder encoder = new HashingEncoder(64);
    Policy head = transcript -> new LinearHead(shape, weights).decide(encoder.encode(transcript));
    EpisodeRunner runner = runner(pool.client, 8);
    for (Task task : TASKS.subList(100, 120)) {
      EpisodeResult byHead = runner.run(episode(task, head, 3)).join();
      Decision[] decisions = new Decision[byHead.turns()];
      for (int t = 0; t < decisions.length; t++) {
        decisions[t] = new Decision(byHead.models()[t], Role.values()[byHead.roles()[t]]);
      }
      EpisodeResult byScript = runner.run(episode(task, new Script(decisions), byHead.turns())).join();
      assertArrayEquals(byHead.roles(), byScript.roles());
      assertEquals(byHead.extracted(), byScript.extracted());
      assertEquals(byHead.reward(), byScript.reward());
      assertEquals(byHead.completionTokens(), byScript.completionTokens());
    }
  }

  @Test
  void manyEpisodesAreInFlightAtOnce() throws Exception {
    Path slowDir = Files.createDirectories(dir.resolve("slow"));
    try (SimPoolFixture slow = new SimPoolFixture(slowDir, TASKS,
        SimPoolFixture.pool(200, "perfect", "1.0", "hopeless", "0.0"))) {
      CountingClient counting = new CountingClient(slow.client);
      List<Episode> jobs = new ArrayList<>();
      for (Task task : TASKS.subList(0, 96)) {
        jobs.add(episode(task, new SingleModelPolicy(0), 1));
      }
      List<EpisodeResult> results = runner(counting, 48).runAll(jobs);
      assertEquals(96, results.size());
      assertEquals(48, counting.maxInFlight.get(), "the runner keeps exactly max_in_flight calls open");
      for (int i = 0; i < jobs.size(); i++) {
        assertEquals(jobs.get(i).task().id(), results.get(i).taskId(), "results come back in the jobs' order");
      }
    }
  }

  @Test
  void aFailedCallNamesTheTask() {
    Episode job = episode(TASKS.get(0), new SingleModelPolicy(0), 1);
    EpisodeRunner broken = new EpisodeRunner(pool.client, List.of("no-such-model"), 2);
    EpisodeException e = assertThrows(EpisodeException.class, () -> broken.runAll(List.of(job)));
    assertTrue(e.getMessage().contains(TASKS.get(0).id()), e.getMessage());
    assertTrue(e.getMessage().contains("no-such-model"), e.getMessage());
  }

  /** Counts the calls open at once. */
  private static final class CountingClient implements PoolClient {
    final PoolClient delegate;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    CountingClient(PoolClient delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<ChatResponse> chat(ChatRequest request) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      return delegate.chat(request).whenComplete((r, e) -> inFlight.decrementAndGet());
    }

    @Override
    public void close() {}
  }
}
