package io.trinity.driver.eval;

import io.trinity.fitness.grade.AnswerEquivalence;
import io.trinity.fitness.task.Task;
import io.trinity.workers.transcript.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * The voting baselines' rule: each voter's answer counts once, answers the task's grader would take for one
 * another count together, the largest group wins, and a tie goes to the group whose first voter comes first (pool
 * order for majority vote, sample order for self-consistency). A voter without an answer does not vote; with no
 * votes at all the vote has no answer and is wrong. The winner is right when its group's first voter was.
 */
final class Votes {
  private Votes() {}

  /** The vote of {@code voters} (single-Worker records of one question, in tie-breaking order). */
  static QuestionRecord count(String policy, PolicyKind kind, Task task, List<QuestionRecord> voters) {
    List<List<QuestionRecord>> groups = new ArrayList<>();
    for (QuestionRecord voter : voters) {
      if (voter.answer() == null) {
        continue;
      }
      List<QuestionRecord> joined = null;
      for (List<QuestionRecord> group : groups) {
        if (AnswerEquivalence.same(task, group.get(0).answer(), voter.answer())) {
          joined = group;
          break;
        }
      }
      if (joined == null) {
        joined = new ArrayList<>();
        groups.add(joined);
      }
      joined.add(voter);
    }
    List<QuestionRecord> winner = null;
    for (List<QuestionRecord> group : groups) {
      if (winner == null || group.size() > winner.size()) {
        winner = group;
      }
    }
    QuestionRecord first = winner == null ? null : winner.get(0);
    return pooled(policy, kind, task, voters, first == null ? null : first.answer(), first != null && first.correct());
  }

  /** Right when any single model was right; keeps the first right one's answer, else the first one's. */
  static QuestionRecord oracle(Task task, List<QuestionRecord> singles) {
    QuestionRecord kept = singles.get(0);
    for (QuestionRecord single : singles) {
      if (single.correct()) {
        kept = single;
        break;
      }
    }
    return pooled("oracle", PolicyKind.ORACLE, task, singles, kept.answer(), kept.correct());
  }

  /**
   * The record of a policy that pools single-Worker answers: every voter's model and spend, the slowest voter's
   * latency (they can answer at once), and the pooled answer.
   */
  private static QuestionRecord pooled(String policy, PolicyKind kind, Task task, List<QuestionRecord> voters,
      String answer, boolean correct) {
    List<String> models = new ArrayList<>();
    int turns = 0;
    int calls = 0;
    long prompt = 0;
    long completion = 0;
    double cost = 0;
    long latency = 0;
    for (QuestionRecord voter : voters) {
      models.addAll(voter.models());
      turns += voter.turns();
      calls += voter.calls();
      prompt += voter.promptTokens();
      completion += voter.completionTokens();
      cost += voter.costUsd();
      latency = Math.max(latency, voter.latencyMs());
    }
    List<String> roles = models.stream().map(m -> Role.WORKER.name()).toList();
    return new QuestionRecord(policy, kind, task.id(), task.category(), answer, correct, turns, models, roles, calls,
        prompt, completion, cost, latency, null);
  }
}
