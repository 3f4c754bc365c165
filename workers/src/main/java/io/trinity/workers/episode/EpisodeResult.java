package io.trinity.workers.episode;

import io.trinity.workers.transcript.Turn;
import java.io.Serializable;

/**
 * What one episode produced. {@code models[t]} and {@code roles[t]} are turn t's decision (pool index, role
 * ordinal); tokens and cost are summed over the episode's calls as the gateway reported them; the latency is the wall
 * time from its first call to its last reply. {@code transcript} holds every turn's reply when the runner was asked to
 * keep them (for evaluation records), else null: training plays hundreds of thousands of episodes and needs none.
 * {@code failedModels[i]} and {@code failedKinds[i]} are the i-th failed turn's model (pool index) and failure kind
 * ({@link io.trinity.gateway.api.CallFailure.Kind#wireName()}); failed turns are not in {@code models}, but their
 * calls count in {@code calls} and a billed reply's tokens and cost in the sums.
 */
public record EpisodeResult(
    String taskId,
    String category,
    double reward,
    String extracted,
    String gradeReason,
    int[] models,
    int[] roles,
    boolean accepted,
    int calls,
    long promptTokens,
    long completionTokens,
    double cost,
    long latencyMillis,
    Turn[] transcript,
    int[] failedModels,
    String[] failedKinds)
    implements Serializable {

  /** A result without failed turns. */
  public EpisodeResult(String taskId, String category, double reward, String extracted, String gradeReason,
      int[] models, int[] roles, boolean accepted, int calls, long promptTokens, long completionTokens, double cost,
      long latencyMillis, Turn[] transcript) {
    this(taskId, category, reward, extracted, gradeReason, models, roles, accepted, calls, promptTokens,
        completionTokens, cost, latencyMillis, transcript, new int[0], new String[0]);
  }

  public int turns() {
    return models.length;
  }

  /** The same result without its turns' replies, for results that need not carry them further. */
  public EpisodeResult withoutTranscript() {
    return new EpisodeResult(taskId, category, reward, extracted, gradeReason, models, roles, accepted, calls,
        promptTokens, completionTokens, cost, latencyMillis, null, failedModels, failedKinds);
  }
}
