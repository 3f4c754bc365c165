package io.trinity.workers.head;

import java.io.Serializable;

/**
 * The layout of the linear head: a weight matrix of {@code models + 3} rows (one logit per pool model, then one
 * per role in {@link io.trinity.workers.transcript.Role} order) by {@code dimension} columns, stored row-major in
 * the flat parameter vector the optimiser evolves.
 */
public record HeadShape(int dimension, int models) implements Serializable {
  public static final int ROLES = 3;

  public HeadShape {
    if (dimension <= 0 || models <= 0) {
      throw new IllegalArgumentException("head needs a positive dimension and model count, got d=" + dimension
          + ", models=" + models);
    }
  }

  public int outputs() {
    return models + ROLES;
  }

  public int parameterCount() {
    return dimension * outputs();
  }
}
