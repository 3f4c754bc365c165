package io.trinity.driver.eval;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One policy's outcome on one question, as written to the per-question records: the final answer and whether it
 * was right, the decisions (model and role per turn, or each voter's model for a vote), and what it spent. A
 * vote's latency is its slowest voter's, since its voters can answer at once. {@code transcript} holds every
 * turn's reply when the evaluation keeps transcripts (null otherwise, and for votes and the oracle, whose voters'
 * replies are in their own records).
 */
public record QuestionRecord(String policy, PolicyKind kind, String taskId, String category, String answer,
    boolean correct, int turns, List<String> models, List<String> roles, int calls, long promptTokens,
    long completionTokens, double costUsd, long latencyMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<TurnText> transcript) {

  public QuestionRecord {
    models = List.copyOf(models);
    roles = List.copyOf(roles);
    transcript = transcript == null ? null : List.copyOf(transcript);
  }

  /** One turn of a transcript: who answered, in which role, and the reply. */
  public record TurnText(String model, String role, String reply) {}

  public long tokens() {
    return promptTokens + completionTokens;
  }
}
