package io.trinity.workers.transcript;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The conversation of one episode so far: the task's prompt and the turns answered, oldest first. Immutable. */
public final class Transcript {
  private final String prompt;
  private final List<Turn> turns;

  private Transcript(String prompt, List<Turn> turns) {
    this.prompt = prompt;
    this.turns = turns;
  }

  public static Transcript of(String prompt) {
    return new Transcript(prompt, List.of());
  }

  public Transcript append(Turn turn) {
    List<Turn> next = new ArrayList<>(turns.size() + 1);
    next.addAll(turns);
    next.add(turn);
    return new Transcript(prompt, Collections.unmodifiableList(next));
  }

  public String prompt() {
    return prompt;
  }

  public List<Turn> turns() {
    return turns;
  }

  public boolean isEmpty() {
    return turns.isEmpty();
  }

  /**
   * The earlier turns as the pool sees them: {@code Earlier turns:} then one block per turn with the header
   * {@code ### Turn i | Role | model}. The simulated pool parses exactly this layout, and the gateway's {@code
   * ContextFit} cuts the oldest blocks of it to fit a model's context window, so change all three together.
   */
  public String earlierTurnsText() {
    StringBuilder text = new StringBuilder("Earlier turns:");
    for (int i = 0; i < turns.size(); i++) {
      Turn turn = turns.get(i);
      text.append("\n### Turn ").append(i + 1).append(" | ").append(turn.role().title())
          .append(" | ").append(turn.model()).append('\n').append(turn.reply());
    }
    return text.toString();
  }

  /** The latest Worker reply, or the last reply when no Worker spoke, or null before the first turn. */
  public String finalAnswer() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i).role() == Role.WORKER) {
        return turns.get(i).reply();
      }
    }
    return turns.isEmpty() ? null : turns.get(turns.size() - 1).reply();
  }

  /** Whether the latest turn is a Verifier that accepted the latest solution. */
  public boolean acceptedByVerifier() {
    if (turns.isEmpty()) {
      return false;
    }
    Turn last = turns.get(turns.size() - 1);
    return last.role() == Role.VERIFIER && Verdicts.isAccept(last.reply());
  }
}
