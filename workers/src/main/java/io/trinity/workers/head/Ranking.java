package io.trinity.workers.head;

import io.trinity.workers.transcript.Role;
import java.util.List;

/**
 * A turn's decision with every pool model the head would accept, best first: serving falls back down this list
 * when the chosen model cannot answer. The role is the head's choice and does not change with the model.
 *
 * @param models pool model indices, the head's choice first; a policy without preferences lists only its choice
 * @param role the role every model in the list would play
 */
public record Ranking(List<Integer> models, Role role) {
  public Ranking {
    models = List.copyOf(models);
    if (models.isEmpty()) {
      throw new IllegalArgumentException("a ranking needs at least one model");
    }
  }

  /** Only {@code decision}'s model: nothing to fall back to. */
  public static Ranking of(Decision decision) {
    return new Ranking(List.of(decision.model()), decision.role());
  }

  /**
   * The pool models by descending logit and the role as {@link Decision#fromLogits} reads them. The order is built
   * by the same first-wins comparison as that argmax, taken again over the models left, so the first model is
   * always the one {@code fromLogits} picks (ties and NaN included) and training's decisions never depend on this.
   */
  public static Ranking fromLogits(float[] logits, int models) {
    Integer[] order = new Integer[models];
    boolean[] taken = new boolean[models];
    for (int rank = 0; rank < models; rank++) {
      int best = -1;
      for (int i = 0; i < models; i++) {
        if (!taken[i] && (best < 0 || logits[i] > logits[best])) {
          best = i;
        }
      }
      taken[best] = true;
      order[rank] = best;
    }
    return new Ranking(List.of(order), Decision.fromLogits(logits, models).role());
  }

  /** The {@code rank}-th choice (0: the head's own) in the ranking's role. */
  public Decision decision(int rank) {
    return new Decision(models.get(rank), role);
  }

  public int size() {
    return models.size();
  }
}
