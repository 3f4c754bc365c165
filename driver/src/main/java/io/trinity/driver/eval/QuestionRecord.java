package io.trinity.driver.eval;

import java.util.List;

/**
 * One policy's outcome on one question, as written to the per-question records: the final answer and whether it
 * was right, the decisions (model and role per turn, or each voter's model for a vote), and what it spent. A
 * vote's latency is its slowest voter's, since its voters can answer at once.
 */
public record QuestionRecord(String policy, PolicyKind kind, String taskId, String category, String answer,
    boolean correct, int turns, List<String> models, List<String> roles, int calls, long promptTokens,
    long completionTokens, double costUsd, long latencyMs) {

  public QuestionRecord {
    models = List.copyOf(models);
    roles = List.copyOf(roles);
  }

  public long tokens() {
    return promptTokens + completionTokens;
  }
}
