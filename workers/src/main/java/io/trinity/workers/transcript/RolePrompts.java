package io.trinity.workers.transcript;

import io.trinity.fitness.task.AnswerFormat;

/** The system prompts injected for each role. The first line names the role; the simulated pool reads it. */
public final class RolePrompts {
  private RolePrompts() {}

  public static String forRole(Role role, AnswerFormat format) {
    String head = "You are the " + role.title() + " in a team of language models.\n";
    return switch (role) {
      case THINKER -> head
          + "Analyse the problem, plan an approach and point out the steps where mistakes are likely. "
          + "Do not give a final answer.";
      case WORKER -> head
          + "Solve the problem. Use the earlier turns where they help and fix what a Verifier criticised. "
          + format.instruction();
      case VERIFIER -> head
          + "Check the latest solution in the earlier turns step by step. Start your reply with the line "
          + "'Verdict: ACCEPT' if it is correct or 'Verdict: REVISE' if it is not, then give your reasons.";
    };
  }
}
