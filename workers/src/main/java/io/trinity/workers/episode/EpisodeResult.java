package io.trinity.workers.episode;

import java.io.Serializable;

/**
 * What one episode produced. {@code models[t]} and {@code roles[t]} are turn t's decision (pool index, role
 * ordinal); tokens and cost are summed over the episode's calls as the gateway reported them; the latency is the wall
 * time from its first call to its last reply.
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
    long latencyMillis)
    implements Serializable {

  public int turns() {
    return models.length;
  }
}
