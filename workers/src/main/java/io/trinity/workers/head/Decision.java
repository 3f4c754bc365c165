package io.trinity.workers.head;

import io.trinity.workers.transcript.Role;
import java.io.Serializable;

/** What the coordinator chose for a turn: which pool model (index into the pool's order) answers, in which role. */
public record Decision(int model, Role role) implements Serializable {

  private static final Role[] ROLES = Role.values();

  /**
   * The decision a head's logits encode: the first {@code models} logits score the pool's models, the next {@link
   * HeadShape#ROLES} the roles; the largest of each wins, ties going to the first.
   */
  public static Decision fromLogits(float[] logits, int models) {
    return new Decision(argmax(logits, 0, models), ROLES[argmax(logits, models, HeadShape.ROLES)]);
  }

  /** Index of the largest value in the window, relative to its start. */
  private static int argmax(float[] values, int from, int length) {
    int best = 0;
    for (int i = 1; i < length; i++) {
      if (values[from + i] > values[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
