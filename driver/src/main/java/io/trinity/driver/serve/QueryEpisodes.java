package io.trinity.driver.serve;

import io.trinity.fitness.key.AnswerKey;
import io.trinity.fitness.task.Task;
import io.trinity.workers.coordinator.Coordinator;
import io.trinity.workers.episode.Episode;
import io.trinity.workers.episode.EpisodeSettings;
import io.trinity.workers.episode.Sampling;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The episode a served request plays. A served question has no gold answer and is never graded, so its task
 * carries an empty gold; the answer format only picks the Worker's instruction.
 *
 * <p>Pool calls are seeded as in training and evaluation, by (task id, decisions so far, sample index): the task id
 * is {@code trinity.task_id} or {@code query/} plus the first 16 hex digits of the query's SHA-256, and the sample
 * index is the request's {@code seed}. The same query with the same seed therefore gets the same replies, and a
 * request that names an evaluated task's id with seed {@link Sampling#HELD_OUT_INDEX} replays that task's held-out
 * evaluation call for call. Without a seed every request draws a fresh sample index.
 */
public final class QueryEpisodes {
  static final String BENCHMARK = "serve";

  private QueryEpisodes() {}

  /** The task id a request's calls are seeded with. */
  public static String taskId(CompletionRequest request) {
    return request.taskId() != null ? request.taskId()
        : "query/" + AnswerKey.queryHash(request.query()).substring(0, 16);
  }

  /** The sample index a request's calls draw: its seed, or a fresh one. */
  public static int sampleIndex(CompletionRequest request) {
    return request.seed() != null ? request.seed() : ThreadLocalRandom.current().nextInt(0, Integer.MAX_VALUE);
  }

  /** {@code request}'s episode on {@code coordinator}, drawing sample {@code sampleIndex}. */
  public static Episode episode(CompletionRequest request, Coordinator coordinator, int sampleIndex) {
    Task task = new Task(taskId(request), BENCHMARK, BENCHMARK, request.query(), "", request.answerFormat());
    EpisodeSettings trained = coordinator.settings();
    // A client that names a temperature or a cap means it for every pool call, over the entries' own values.
    boolean asked = request.temperature() != null || request.maxTokens() != null;
    EpisodeSettings settings = new EpisodeSettings(trained.maxTurns(),
        request.temperature() != null ? request.temperature() : trained.temperature(),
        request.maxTokens() != null ? request.maxTokens() : trained.maxTokens(),
        asked || trained.overrideModelDefaults());
    return new Episode(task, coordinator, coordinator.prompts(), settings, new Sampling(sampleIndex, null),
        request.context());
  }
}
