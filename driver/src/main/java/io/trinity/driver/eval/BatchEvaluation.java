package io.trinity.driver.eval;

import io.trinity.driver.spark.CodeGrading;
import io.trinity.driver.spark.EvaluationRound;
import io.trinity.driver.spark.PolicySpec;
import io.trinity.driver.spark.RoundFailedException;
import io.trinity.driver.spark.RoundResult;
import io.trinity.fitness.task.Task;
import io.trinity.gateway.api.CallFailure;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.head.Decision;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.RolePrompts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores trained heads against the baselines on the same questions, with the same call seeds (the held-out
 * samples), so every difference is paired. Two phases: the heads, the single models and the random routers
 * first; then, once the best single model is known, its extra samples for self-consistency and its pipeline. The
 * votes and the oracle are counted from those episodes, with no calls of their own.
 *
 * <p>Questions are played in chunks; each chunk's records are handed to {@code save} as soon as they are in, and
 * records handed back in as {@code done} are not played again, so a run cut short by the pool's budget resumes
 * where it stopped. Training's held-out comparison and {@code trinity evaluate} both run through here.
 */
public final class BatchEvaluation {
  private static final Logger LOG = LoggerFactory.getLogger(BatchEvaluation.class);

  /** The figures and the scored policies' records (policy by policy, questions in order); no report if cut short. */
  public record Outcome(EvalReport report, List<QuestionRecord> records, boolean complete) {}

  /** A policy to play: its name in the records, what it is, and how it plays. */
  private record Entrant(String name, PolicyKind kind, PolicySpec spec) {}

  private final EvaluationRound round;
  private final Task[] tasks;
  private final List<String> pool;
  private final int chunk;
  private final ConfidenceIntervals intervals;
  private final BooleanSupplier budgetSpent;
  private final boolean transcripts;

  /**
   * {@code pool} is the round's model order; {@code chunk} the questions played between saves; {@code budgetSpent}
   * says whether a failed chunk failed because the pool's budget ran out (then the evaluation stops cleanly);
   * with {@code transcripts} the records keep every turn's reply.
   */
  public BatchEvaluation(EvaluationRound round, Task[] tasks, List<String> pool, int chunk,
      ConfidenceIntervals intervals, BooleanSupplier budgetSpent, boolean transcripts) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1 question, got " + chunk);
    }
    this.round = round;
    this.tasks = tasks.clone();
    this.pool = List.copyOf(pool);
    this.chunk = chunk;
    this.intervals = intervals;
    this.budgetSpent = budgetSpent;
    this.transcripts = transcripts;
  }

  public Outcome run(int[] questions, List<Lineup.Head> heads, Lineup lineup, List<QuestionRecord> done,
      Consumer<List<QuestionRecord>> save) {
    if (questions.length == 0) {
      throw new IllegalArgumentException("no questions to evaluate");
    }
    if (heads.isEmpty()) {
      throw new IllegalArgumentException("no head to evaluate");
    }
    RolePrompts prompts = heads.get(0).coordinator().prompts();
    EpisodeSettings settings = lineup.settings() != null ? lineup.settings()
        : heads.get(0).coordinator().settings();
    int routerTurns = lineup.routerTurns() != null ? lineup.routerTurns()
        : heads.stream().mapToInt(h -> h.coordinator().settings().maxTurns()).max().orElseThrow();

    List<Entrant> first = new ArrayList<>();
    for (Lineup.Head head : heads) {
      first.add(new Entrant(head.name(), PolicyKind.HEAD, new PolicySpec.Candidate(head.coordinator(),
          head.vector())));
    }
    for (int m = 0; m < pool.size(); m++) {
      first.add(new Entrant(pool.get(m), PolicyKind.SINGLE_MODEL, new PolicySpec.SingleModel(m, prompts,
          settings.withMaxTurns(1))));
    }
    List<String> routers = new ArrayList<>();
    for (int seed = 1; seed <= lineup.randomRouters(); seed++) {
      String name = "random-router/seed-" + seed;
      routers.add(name);
      first.add(new Entrant(name, PolicyKind.RANDOM_ROUTER, new PolicySpec.RandomRouter(seed, prompts,
          settings.withMaxTurns(routerTurns))));
    }
    Played played = new Played(done, questions, save);
    int samples = Math.max(1, lineup.selfConsistency());
    long episodes = (long) questions.length * (first.size() + samples - 1 + (lineup.pipeline() ? 1 : 0));
    Progress progress = new Progress(episodes, played);
    if (!play(first, played, progress)) {
      return new Outcome(null, List.of(), false);
    }

    int best = 0;
    for (int m = 1; m < pool.size(); m++) {
      if (played.accuracy(pool.get(m)) > played.accuracy(pool.get(best))) {
        best = m;
      }
    }
    String bestName = pool.get(best);
    List<Entrant> second = new ArrayList<>();
    List<String> sampleNames = new ArrayList<>(List.of(bestName));
    for (int s = 1; s < samples; s++) {
      String name = "self-consistency/" + bestName + "/sample-" + s;
      sampleNames.add(name);
      second.add(new Entrant(name, PolicyKind.SELF_CONSISTENCY, new PolicySpec.SingleModel(best, prompts,
          settings.withMaxTurns(1), s)));
    }
    if (lineup.pipeline()) {
      Decision[] script = {new Decision(best, Role.THINKER), new Decision(best, Role.WORKER),
          new Decision(best, Role.VERIFIER)};
      second.add(new Entrant("pipeline/" + bestName, PolicyKind.PIPELINE, new PolicySpec.Scripted(script, prompts,
          settings.withMaxTurns(script.length))));
    }
    if (!play(second, played, progress)) {
      return new Outcome(null, List.of(), false);
    }

    Map<String, List<QuestionRecord>> scored = new LinkedHashMap<>();
    for (Entrant entrant : first) {
      scored.put(entrant.name(), played.of(entrant.name()));
    }
    List<QuestionRecord> majority = new ArrayList<>();
    List<QuestionRecord> consistency = new ArrayList<>();
    List<QuestionRecord> oracle = new ArrayList<>();
    String consistencyName = "self-consistency/" + bestName + "/k-" + samples;
    for (int q = 0; q < questions.length; q++) {
      Task task = tasks[questions[q]];
      List<QuestionRecord> singles = new ArrayList<>();
      for (String model : pool) {
        singles.add(played.of(model).get(q));
      }
      majority.add(Votes.count("majority-vote", PolicyKind.MAJORITY_VOTE, task, singles));
      List<QuestionRecord> voters = new ArrayList<>();
      for (String name : sampleNames) {
        voters.add(played.of(name).get(q));
      }
      consistency.add(Votes.count(consistencyName, PolicyKind.SELF_CONSISTENCY, task, voters));
      oracle.add(Votes.oracle(task, singles));
    }
    if (lineup.majorityVote()) {
      scored.put("majority-vote", majority);
    }
    if (samples > 1) {
      scored.put(consistencyName, consistency);
    }
    if (lineup.pipeline()) {
      scored.put("pipeline/" + bestName, played.of("pipeline/" + bestName));
    }
    scored.put("oracle", oracle);

    progress.finished();
    EvalReport report = new Scoring(intervals).report(scored, pool, bestName, routers)
        .withCodeGrading(played.codeGrading);
    List<QuestionRecord> records = new ArrayList<>();
    scored.values().forEach(records::addAll);
    return new Outcome(report, records, true);
  }

  /** Plays every entrant on every chunk it has no records for; false if the pool's budget ran out. */
  private boolean play(List<Entrant> entrants, Played played, Progress progress) {
    int[] questions = played.questions;
    for (int from = 0; from < questions.length; from += chunk) {
      int[] part = Arrays.copyOfRange(questions, from, Math.min(questions.length, from + chunk));
      List<Entrant> missing = entrants.stream().filter(e -> !played.hasAll(e.name(), part)).toList();
      if (missing.isEmpty()) {
        continue;
      }
      RoundResult result;
      try {
        result = round.play(Sampling.heldOut(), missing.stream().map(Entrant::spec).toList(), part, transcripts);
      } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
        if (budgetSpent.getAsBoolean() || e instanceof RoundFailedException r
            && r.failure().category() == CallFailure.Category.BUDGET) {
          LOG.warn("the pool's budget is spent: the evaluation stopped with {} of {} episodes played and saved; "
              + "raise the budget and run again with --resume to go on", played.count(), progress.total);
          return false;
        }
        throw e;
      }
      List<QuestionRecord> records = new ArrayList<>();
      for (int p = 0; p < missing.size(); p++) {
        Entrant entrant = missing.get(p);
        for (EpisodeResult episode : result.of(p)) {
          records.add(record(entrant, episode));
        }
      }
      played.add(records);
      played.codeGrading = played.codeGrading.plus(result.codeGrading());
      progress.report(from + part.length, questions.length);
    }
    return true;
  }

  private QuestionRecord record(Entrant entrant, EpisodeResult episode) {
    List<String> models = Arrays.stream(episode.models()).mapToObj(pool::get).toList();
    List<String> roles = Arrays.stream(episode.roles()).mapToObj(r -> Role.values()[r].name()).toList();
    return new QuestionRecord(entrant.name(), entrant.kind(), episode.taskId(), episode.category(),
        episode.extracted(), episode.reward() > 0, episode.turns(), models, roles, episode.calls(),
        episode.promptTokens(), episode.completionTokens(), episode.cost(), episode.latencyMillis(),
        episode.transcript() == null ? null : Arrays.stream(episode.transcript())
            .map(t -> new QuestionRecord.TurnText(t.model(), t.role().name(), t.reply())).toList());
  }

  /** The records so far, by policy and task id; new ones are saved as they come. */
  private final class Played {
    final int[] questions;
    final Map<String, Map<String, QuestionRecord>> byPolicy = new HashMap<>();
    final Consumer<List<QuestionRecord>> save;
    int calls;
    double cost;
    CodeGrading codeGrading = CodeGrading.NONE;

    Played(List<QuestionRecord> done, int[] questions, Consumer<List<QuestionRecord>> save) {
      this.questions = questions;
      this.save = save;
      done.forEach(this::put);
    }

    void add(List<QuestionRecord> records) {
      save.accept(records);
      records.forEach(this::put);
    }

    private void put(QuestionRecord record) {
      if (byPolicy.computeIfAbsent(record.policy(), p -> new HashMap<>()).put(record.taskId(), record) == null) {
        calls += record.calls();
        cost += record.costUsd();
      }
    }

    boolean hasAll(String policy, int[] part) {
      Map<String, QuestionRecord> records = byPolicy.getOrDefault(policy, Map.of());
      return Arrays.stream(part).allMatch(q -> records.containsKey(tasks[q].id()));
    }

    List<QuestionRecord> of(String policy) {
      Map<String, QuestionRecord> records = byPolicy.get(policy);
      List<QuestionRecord> ordered = new ArrayList<>(questions.length);
      for (int q : questions) {
        ordered.add(records.get(tasks[q].id()));
      }
      return ordered;
    }

    double accuracy(String policy) {
      return of(policy).stream().mapToDouble(r -> r.correct() ? 1 : 0).average().orElse(0);
    }

    long count() {
      return byPolicy.values().stream().mapToLong(Map::size).sum();
    }
  }

  /** Logs episodes done, questions, calls, cost and the time left after every chunk. */
  private static final class Progress {
    final long total;
    final Played played;
    final long started = System.nanoTime();
    final long before;

    Progress(long total, Played played) {
      this.total = total;
      this.played = played;
      this.before = played.count();
    }

    void report(int questionsDone, int questions) {
      long done = played.count();
      double seconds = (System.nanoTime() - started) / 1e9;
      long thisRun = done - before;
      String eta = thisRun == 0 ? "?" : format(Duration.ofSeconds(Math.round(seconds / thisRun * (total - done))));
      LOG.info(String.format(Locale.ROOT, "evaluation: %,d/%,d episodes, questions %d/%d of this phase, %,d calls, "
          + "$%.4f, ETA %s", done, total, questionsDone, questions, played.calls, played.cost, eta));
    }

    /** The throughput of this session's episodes, for benchmarks (bench/evaluate-throughput.sh reads it). */
    void finished() {
      long episodes = played.count() - before;
      double seconds = (System.nanoTime() - started) / 1e9;
      LOG.info(String.format(Locale.ROOT, "evaluation played %,d episodes (%,d questions x policies) in %.2f s: "
          + "%.1f episodes/s, %.2f questions/s", episodes, played.questions.length, seconds, episodes / seconds,
          played.questions.length / seconds));
    }

    private static String format(Duration d) {
      return d.toHours() > 0 ? String.format("%dh%02dm", d.toHours(), d.toMinutesPart())
          : String.format("%dm%02ds", d.toMinutes(), d.toSecondsPart());
    }
  }
}
