package io.trinity.workers.head;


/**
 * The paper's low-rank head with an ELU: logits = B elu(A h + a) + b, with A [rank, d] and B [L + 3, rank]; about
 * 20K parameters at d = 1024 and rank 19, against 10K for the linear head. Decisions read the logits as the
 * linear head does: argmax of the first L for the model, of the last 3 for the role.
 */
public final class LowRankHead implements Head {
  public static final String DOWN_WEIGHT = "head.down.weight";
  public static final String DOWN_BIAS = "head.down.bias";
  public static final String UP_WEIGHT = "head.up.weight";
  public static final String UP_BIAS = "head.up.bias";

  private final int dimension;
  private final int models;
  private final int rank;
  private final float[] down;
  private final float[] downBias;
  private final float[] up;
  private final float[] upBias;

  /** Reads the head's blocks out of the flat vector laid out by {@link #layout}. */
  public LowRankHead(int dimension, int models, int rank, float[] parameters) {
    ParameterLayout layout = layout(dimension, models, rank);
    this.dimension = dimension;
    this.models = models;
    this.rank = rank;
    this.down = layout.slice(parameters, DOWN_WEIGHT);
    this.downBias = layout.slice(parameters, DOWN_BIAS);
    this.up = layout.slice(parameters, UP_WEIGHT);
    this.upBias = layout.slice(parameters, UP_BIAS);
  }

  /** The blocks in vector order: A, a, B, b. */
  public static ParameterLayout layout(int dimension, int models, int rank) {
    if (dimension <= 0 || models <= 0 || rank <= 0) {
      throw new IllegalArgumentException("low-rank head needs positive dimension, models and rank, got d="
          + dimension + ", models=" + models + ", rank=" + rank);
    }
    int outputs = models + HeadShape.ROLES;
    return ParameterLayout.builder()
        .add(DOWN_WEIGHT, rank, dimension)
        .add(DOWN_BIAS, rank)
        .add(UP_WEIGHT, outputs, rank)
        .add(UP_BIAS, outputs)
        .build();
  }

  public float[] logits(float[] h) {
    if (h.length != dimension) {
      throw new IllegalArgumentException("representation has length " + h.length + ", head expects " + dimension);
    }
    double[] hidden = new double[rank];
    for (int r = 0; r < rank; r++) {
      double sum = downBias[r];
      for (int i = 0; i < dimension; i++) {
        sum += down[r * dimension + i] * h[i];
      }
      hidden[r] = sum > 0 ? sum : Math.expm1(sum);
    }
    float[] logits = new float[models + HeadShape.ROLES];
    for (int o = 0; o < logits.length; o++) {
      double sum = upBias[o];
      for (int r = 0; r < rank; r++) {
        sum += up[o * rank + r] * hidden[r];
      }
      logits[o] = (float) sum;
    }
    return logits;
  }

  @Override
  public Decision decide(float[] h) {
    float[] logits = logits(h);
    return Decision.fromLogits(logits, models);
  }
}
