package io.trinity.driver.train;

import io.trinity.driver.config.RunSection;
import io.trinity.driver.optimise.Candidates;
import io.trinity.driver.optimise.Feedback;
import io.trinity.driver.optimise.Optimiser;
import io.trinity.driver.optimise.OptimiserState;
import io.trinity.driver.gateway.PoolBudget;
import io.trinity.driver.gateway.Spend;
import io.trinity.driver.io.HeadExports;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.spark.EpisodeKey;
import io.trinity.driver.spark.EvaluationRound;
import io.trinity.driver.spark.PolicySpec;
import io.trinity.driver.spark.RoundFailedException;
import io.trinity.gateway.api.CallFailure;
import io.trinity.driver.spark.RoundResult;
import io.trinity.driver.spark.ScoreSums;
import io.trinity.gateway.server.GatewayServer;
import io.trinity.workers.coordinator.CoordinatorSpec;
import io.trinity.workers.episode.Sampling;
import io.trinity.workers.export.TrainingSummary;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The generations of a run: ask the optimiser for lambda candidates, play them and the optimiser's mean on the
 * generation's m tasks in one evaluation round, shape the rewards into fitness, tell the optimiser, score the mean
 * on the validation tasks every {@code validate_every} generations, then write the metrics line and the
 * checkpoint. At the end it exports the best validated mean (else the final mean).
 *
 * <p>A validation is played as a second part of the next generation's round rather than as a Spark job of its
 * own: a round lasts as long as its slowest episode, so a job of 51 episodes cost nearly as much wall time as one
 * of a thousand. The validated generation's metrics line and checkpoint are written once that round is back, so a
 * crash in between plays that generation again on resume, with the same results. The files are written on a
 * thread of their own ({@link GenerationFiles}).
 */
final class GenerationLoop {
  private static final Logger LOG = LoggerFactory.getLogger(GenerationLoop.class);

  /**
   * What training hands on: its metrics, the head it exported (the best validated mean, else the last mean), which
   * mean that was when there was validation, and whether the pool's budget cut it short.
   */
  record Trained(List<GenerationMetrics> metrics, float[] head, Checkpoint.ValidatedHead selected,
      boolean budgetSpent) {}

  private final RunSection settings;
  private final TaskSplit split;
  private final CoordinatorSpec coordinator;
  private final EvaluationRound round;
  private final RunDirectory run;
  private final GatewayServer gateway;
  private final PoolBudget budget;
  private final String runId;
  private final EpisodeLog episodeLog;

  /**
   * {@code gateway} is the in-process gateway, whose accounts go into the metrics; null with an external one.
   * {@code episodeLog} keeps a sample of each generation's episodes.
   */
  GenerationLoop(RunSection settings, TaskSplit split, CoordinatorSpec coordinator, EvaluationRound round,
      RunDirectory run, GatewayServer gateway, PoolBudget budget, String runId, EpisodeLog episodeLog) {
    this.settings = settings;
    this.split = split;
    this.coordinator = coordinator;
    this.round = round;
    this.run = run;
    this.gateway = gateway;
    this.budget = budget;
    this.runId = runId;
    this.episodeLog = episodeLog;
  }

  /**
   * A generation played and told, whose metrics line and checkpoint wait for the validation of the mean it left;
   * {@code state} and {@code mean} are the optimiser's then.
   */
  private record Told(int generation, double[] fitness, double meanHeadFitness, double sigma, RoundResult played,
      OptimiserState state, double[] mean, double wallSeconds) {}

  /** What the generations carry from one to the next: spend, the best validated mean, the last checkpoint. */
  private static final class Progress {
    Spend spent;
    Checkpoint.ValidatedHead best;
    Checkpoint last;
  }

  /** Runs the generations the checkpoint (null for a new run) has not done yet; {@code started} times the job. */
  Trained run(Optimiser es, Checkpoint checkpoint, long started) throws IOException {
    int generations = settings.generations();
    MetricsLog metrics = MetricsLog.open(run, es.generation());
    Progress progress = new Progress();
    progress.spent = checkpoint == null ? Spend.ZERO : checkpoint.spent();
    progress.best = checkpoint == null ? null : checkpoint.best();
    progress.last = checkpoint;
    Spend paidBefore = checkpoint == null || checkpoint.paid() == null ? Spend.ZERO : checkpoint.paid();
    double wallBefore = checkpoint == null ? 0 : checkpoint.wallSeconds();
    Session session = new Session(started, System.nanoTime(), es.generation(), wallBefore, paidBefore);
    boolean budgetSpent = false;
    try (GenerationFiles files = new GenerationFiles()) {
      // A generation that validates hands its mean to the next generation's round, which plays the validation as
      // a part of its own Spark job (docs/BENCHMARKS.md, "Validation in the next round"); the last one validates
      // alone.
      Told waiting = null;
      for (int g = es.generation(); g < generations; g++) {
        if (budget.spent()) {
          budgetSpent = true;
          break;
        }
        long generationStart = System.nanoTime();
        int[] tasks = split.tasksFor(settings.seed(), g, settings.tasksPerGeneration());
        double[] mean = es.mean();
        Candidates candidates = es.ask();
        // The last policy is the optimiser's mean: its score on the same tasks shows how the mean improves, at
        // 1/lambda of the generation's episodes (random search also selects with it).
        List<PolicySpec> policies = new ArrayList<>(candidates.size() + 1);
        policies.addAll(policiesOf(candidates));
        policies.add(new PolicySpec.Candidate(coordinator, toFloats(mean)));
        Set<EpisodeKey> logged = episodeLog.sample(g, policies.size(), tasks);
        List<EvaluationRound.Part> parts = new ArrayList<>(2);
        parts.add(new EvaluationRound.Part(Sampling.training(g), policies, tasks, logged));
        if (waiting != null) {
          parts.add(validationOf(waiting));
        }
        RoundResult played;
        try {
          List<EvaluationRound.PartOutcome> outcomes = round.play(parts);
          if (waiting != null) {
            // The validated generation is written first, so that a failed training part below leaves its checkpoint.
            finish(waiting, outcomes.get(1).get(), progress, metrics, files, session);
            waiting = null;
          }
          played = outcomes.get(0).get();
        } catch (Exception e) { // Spark rethrows task failures as the checked SparkException
          if (budgetSpent(e)) {
            // The budget ran out inside this generation: drop it; the last checkpoint stays the run's state.
            budgetSpent = true;
            break;
          }
          keepPaid(e, progress.last, paidBefore, files);
          throw e;
        }
        double[] scores = Fitness.of(played, settings.costPenalty());
        double[] fitness = Arrays.copyOf(scores, candidates.size());
        int generation = g;
        files.submit(() -> episodeLog.write(generation, tasks, played, logged, scores));
        es.tell(candidates, new Feedback(fitness, scores[candidates.size()], scoresOf(played.scores())));
        progress.spent = progress.spent.plus(Spend.of(played.all()));
        Told told = new Told(g, fitness, scores[candidates.size()], es.sigma(), played,
            Optimisers.state(es, TrainingJob.JSON), es.mean(), seconds(generationStart));
        boolean validate = split.validation().length > 0
            && ((g + 1) % settings.validateEvery() == 0 || g == generations - 1);
        if (validate && g < generations - 1) {
          waiting = told;
          continue;
        }
        RoundResult validation = null;
        if (validate) {
          try {
            validation = round.play(List.of(validationOf(told))).get(0).get();
          } catch (Exception e) {
            if (budgetSpent(e)) {
              budgetSpent = true;
              break;
            }
            keepPaid(e, progress.last, paidBefore, files);
            throw e;
          }
        }
        finish(told, validation, progress, metrics, files, session);
      }
      if (budgetSpent && progress.last != null && gateway != null) {
        // The cut-short generation's calls were paid too; a resume must not get them back as budget.
        Checkpoint made = progress.last.withPaid(paid(paidBefore));
        files.submit(() -> run.writeString(Checkpoint.FILE, TrainingJob.JSON.writeValueAsString(made)));
      }
    }
    Checkpoint.ValidatedHead best = progress.best;
    float[] head = toFloats(best == null ? es.mean() : best.head());
    List<GenerationMetrics> lines = metrics.lines();
    HeadExports.write(run, coordinator, head, summary(es, lines, best));
    return new Trained(lines, head, best, budgetSpent);
  }

  /** The validation of {@code told}'s mean, as a part of a round. */
  private EvaluationRound.Part validationOf(Told told) {
    return new EvaluationRound.Part(Sampling.validation(told.generation()),
        List.of(new PolicySpec.Candidate(coordinator, toFloats(told.mean()))), split.validation());
  }

  /**
   * Where the job's and this session's time started, for the checkpoint's wall time and the progress line, and what
   * the sessions before this one paid.
   */
  private record Session(long started, long sessionStart, int firstGeneration, double wallBefore, Spend paidBefore) {}

  /**
   * Ends {@code told}'s generation: its validation (null if it had none) scored and the best mean kept, its metrics
   * line and checkpoint handed to the file writer, its progress line logged.
   */
  private void finish(Told told, RoundResult validation, Progress progress, MetricsLog metrics,
      GenerationFiles files, Session session) throws IOException {
    int g = told.generation();
    Double validationScore = null;
    if (validation != null) {
      progress.spent = progress.spent.plus(Spend.of(validation.all()));
      validationScore = validation.meanReward(0);
      if (progress.best == null || validationScore > progress.best.score()) {
        progress.best = new Checkpoint.ValidatedHead(g, validationScore, told.mean());
      }
    }
    GenerationMetrics line = GenerationMetrics.of(g, told.fitness(), told.meanHeadFitness(), validationScore,
        told.sigma(), told.played(), validation, progress.spent, told.wallSeconds(), coordinator.modelList());
    if (gateway != null) {
      line = line.withGatewayAccounts(GenerationAccounts.of(gateway.accounting(), g));
    }
    files.submit(metrics.append(line));
    Checkpoint made = new Checkpoint(Checkpoint.VERSION, runId, settings.seed(), coordinator.modelList(),
        coordinator.layout().parameterCount(), null, told.state(), progress.best, progress.spent,
        session.wallBefore() + seconds(session.started()), paid(session.paidBefore()));
    progress.last = made;
    files.submit(() -> run.writeString(Checkpoint.FILE, TrainingJob.JSON.writeValueAsString(made)));
    int generations = settings.generations();
    double perGeneration = seconds(session.sessionStart()) / (g + 1 - session.firstGeneration());
    Checkpoint.ValidatedHead best = progress.best;
    LOG.info(String.format("generation %d/%d  best %.3f  mean %.3f  median %.3f  mean head %.3f%s  sigma %.4f  "
            + "calls %,d  tokens %,d  cost $%.4f  %.1fs/gen  ETA %s", g + 1, generations, line.bestFitness(),
        line.meanFitness(), line.medianFitness(), line.meanHeadFitness(),
        validationScore == null ? "" : String.format("  validation %.3f (best %.3f)", validationScore,
            best.score()),
        told.sigma(), progress.spent.calls(), progress.spent.tokens(), progress.spent.costUsd(), perGeneration,
        eta(perGeneration * (generations - g - 1))));
  }

  /**
   * The round's policies for what the optimiser asked. sep-CMA-ES's candidates are drawn again on the executors
   * from its sampler (shared noise): the round's broadcast holds O(n) numbers instead of lambda vectors
   * (docs/BENCHMARKS.md, "The driver at scale").
   */
  private List<PolicySpec> policiesOf(Candidates candidates) {
    List<PolicySpec> policies = new ArrayList<>(candidates.size());
    for (int k = 0; k < candidates.size(); k++) {
      if (candidates instanceof Candidates.Shared shared) {
        policies.add(new PolicySpec.Sampled(coordinator, shared.sampler(), k));
      } else if (candidates instanceof Candidates.Vectors vectors) {
        policies.add(new PolicySpec.Candidate(coordinator, toFloats(vectors.vectors()[k])));
      } else {
        Candidates.Sampled sampled = (Candidates.Sampled) candidates;
        policies.add(new PolicySpec.Stochastic(coordinator, toFloats(sampled.head()), sampled.seed(), k,
            settings.costPenalty()));
      }
    }
    return policies;
  }

  private static Feedback.ScoreFunction scoresOf(ScoreSums sums) {
    return sums == null ? null
        : new Feedback.ScoreFunction(sums.episodes(), sums.rewardSum(), sums.scoreSum(), sums.weightedScoreSum());
  }

  private boolean budgetSpent(Exception e) {
    return budget.spent() || e instanceof RoundFailedException r
        && r.failure().category() == CallFailure.Category.BUDGET;
  }

  /**
   * A generation that cannot be played (a configuration error, an upstream that stayed down) is dropped whole:
   * the last checkpoint stays the run's state, told what this session paid so that a resume does not get it back
   * as budget, and {@code --resume} plays the dropped generation again as if nothing had happened.
   */
  private void keepPaid(Exception e, Checkpoint last, Spend paidBefore, GenerationFiles files) {
    if (e instanceof RoundFailedException && last != null && gateway != null) {
      Checkpoint made = last.withPaid(paid(paidBefore));
      files.submit(() -> run.writeString(Checkpoint.FILE, TrainingJob.JSON.writeValueAsString(made)));
    }
  }

  private TrainingSummary summary(Optimiser es, List<GenerationMetrics> lines,
      Checkpoint.ValidatedHead selected) {
    GenerationMetrics lastLine = lines.isEmpty() ? null : lines.get(lines.size() - 1);
    CodeVersion code = CodeVersion.ofThisBuild();
    return new TrainingSummary(runId, settings.seed(),
        lastLine == null ? 0 : lastLine.generation() + 1, es.populationSize(), settings.tasksPerGeneration(),
        selected == null ? "the optimiser's final mean"
            : "the optimiser's mean after generation " + (selected.generation() + 1) + ", best on validation",
        selected == null ? null : selected.score(), es.sigma(),
        lastLine == null ? null : lastLine.bestFitness(), lastLine == null ? null : lastLine.meanFitness(),
        lastLine == null ? 0 : lastLine.totalLlmCalls(), lastLine == null ? 0 : lastLine.totalCostUsd(),
        code.commit(), code.dirty(), es.type());
  }

  /** What the in-process gateway has paid over the run's sessions; null with an external gateway. */
  private Spend paid(Spend paidBefore) {
    return gateway == null ? null : paidBefore.plus(Spend.paid(gateway.accounting().total()));
  }

  private static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static String eta(double seconds) {
    long s = Math.round(seconds);
    return String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
