package io.trinity.driver.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.driver.gateway.JobSecrets;
import io.trinity.driver.io.RunDirectory;
import io.trinity.driver.spark.EpisodeKey;
import io.trinity.driver.spark.RoundResult;
import io.trinity.fitness.task.Task;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.transcript.Role;
import io.trinity.workers.transcript.Turn;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A seeded sample of each generation's episodes, written whole to {@code episodes/gen-NNNNN.jsonl} (NNNNN is
 * metrics.jsonl's {@code generation}): who played each turn in which role and what they said, the final answer and
 * why it was graded so, tokens, cost and fitness. The sample depends only on the run's seed and the generation, and
 * the lines hold nothing timed, so a resumed run writes the same files as an undisturbed one. Every text goes through
 * {@link JobSecrets#redact} first.
 */
final class EpisodeLog {
  static final String FOLDER = "episodes";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long GENERATION_MIX = 0x9E3779B97F4A7C15L;
  private static final Comparator<EpisodeKey> ORDER =
      Comparator.comparingInt(EpisodeKey::policy).thenComparingInt(EpisodeKey::task);

  private final int perGeneration;
  private final long seed;
  private final RunDirectory run;
  private final Task[] tasks;
  private final JobSecrets secrets;

  /** Keeps {@code perGeneration} episodes a generation (0: none) of the job's {@code tasks}, drawn from {@code seed}. */
  EpisodeLog(int perGeneration, long seed, RunDirectory run, Task[] tasks, JobSecrets secrets) {
    this.perGeneration = perGeneration;
    this.seed = seed;
    this.run = run;
    this.tasks = tasks;
    this.secrets = secrets;
  }

  static String file(int generation) {
    return String.format(Locale.ROOT, "%s/gen-%05d.jsonl", FOLDER, generation);
  }

  /** The episodes of {@code generation} to keep, among its {@code policies} x {@code roundTasks}. */
  Set<EpisodeKey> sample(int generation, int policies, int[] roundTasks) {
    int total = policies * roundTasks.length;
    int keep = Math.min(perGeneration, total);
    Set<EpisodeKey> chosen = new TreeSet<>(ORDER);
    if (keep == 0) {
      return chosen;
    }
    // A partial Fisher-Yates shuffle over the round's episodes: keep distinct draws, in a fixed order of draws.
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed ^ (GENERATION_MIX * (generation + 1L)));
    for (int i = 0; i < keep; i++) {
      int j = i + random.nextInt(total - i);
      int drawn = order[j];
      order[j] = order[i];
      order[i] = drawn;
      chosen.add(new EpisodeKey(drawn / roundTasks.length, roundTasks[drawn % roundTasks.length]));
    }
    return chosen;
  }

  /**
   * Writes the {@code sampled} episodes of {@code played}, the round over {@code roundTasks}; the last policy is the
   * optimiser's mean, {@code fitness} has one value per policy.
   */
  void write(int generation, int[] roundTasks, RoundResult played, Set<EpisodeKey> sampled, double[] fitness) {
    if (sampled.isEmpty()) {
      return;
    }
    List<EpisodeKey> keys = sampled.stream().sorted(ORDER).toList();
    StringBuilder lines = new StringBuilder();
    for (EpisodeKey key : keys) {
      int position = positionOf(roundTasks, key.task());
      EpisodeResult result = played.of(key.policy()).get(position);
      boolean mean = key.policy() == played.policies() - 1;
      ObjectNode line = JSON.createObjectNode();
      line.put("generation", generation);
      line.put("policy", mean ? "mean" : "candidate");
      if (mean) {
        line.putNull("candidate");
      } else {
        line.put("candidate", key.policy());
      }
      line.put("fitness", fitness[key.policy()]);
      line.put("task_id", result.taskId());
      line.put("category", result.category());
      line.put("question", secrets.redact(tasks[key.task()].prompt()));
      ArrayNode turns = line.putArray("turns");
      Turn[] transcript = result.transcript();
      for (int t = 0; t < result.turns(); t++) {
        ObjectNode turn = turns.addObject();
        turn.put("turn", t + 1);
        turn.put("model", transcript == null ? null : transcript[t].model());
        turn.put("role", Role.values()[result.roles()[t]].name().toLowerCase(Locale.ROOT));
        turn.put("reply", transcript == null ? null : secrets.redact(transcript[t].reply()));
      }
      line.put("accepted_by_verifier", result.accepted());
      line.put("extracted_answer", secrets.redact(result.extracted()));
      line.put("reward", result.reward());
      line.put("grade_reason", secrets.redact(result.gradeReason()));
      line.put("calls", result.calls());
      line.put("prompt_tokens", result.promptTokens());
      line.put("completion_tokens", result.completionTokens());
      line.put("cost_usd", result.cost());
      lines.append(line).append('\n');
    }
    run.writeString(file(generation), lines.toString());
  }

  private static int positionOf(int[] roundTasks, int task) {
    for (int i = 0; i < roundTasks.length; i++) {
      if (roundTasks[i] == task) {
        return i;
      }
    }
    throw new IllegalArgumentException("task " + task + " was not in the round");
  }
}
