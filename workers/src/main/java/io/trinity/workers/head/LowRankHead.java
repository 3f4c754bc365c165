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
  private final float[] parameters;
  private final int down;
  private final int downBias;
  private final int up;
  private final int upBias;

  /** Wraps the flat vector laid out by {@link #layout} without copying; the caller must not change it afterwards. */
  public LowRankHead(int dimension, int models, int rank, float[] parameters) {
    this(dimension, models, rank, parameters, 0);
    int expected = layout(dimension, models, rank).parameterCount();
    if (parameters.length != expected) {
      throw new IllegalArgumentException("low-rank head needs " + expected + " parameters, got " + parameters.length);
    }
  }

  /**
   * Wraps the head's blocks where they start at {@code offset} in a longer vector (a candidate whose SVF scales
   * follow the head), without copying; the caller must not change the vector afterwards.
   */
  public LowRankHead(int dimension, int models, int rank, float[] parameters, int offset) {
    ParameterLayout layout = layout(dimension, models, rank);
    if (offset < 0 || parameters.length - offset < layout.parameterCount()) {
      throw new IllegalArgumentException("low-rank head needs " + layout.parameterCount() + " parameters from "
          + "offset " + offset + ", the vector has " + parameters.length);
    }
    this.dimension = dimension;
    this.models = models;
    this.rank = rank;
    this.parameters = parameters;
    this.down = offset + layout.block(DOWN_WEIGHT).offset();
    this.downBias = offset + layout.block(DOWN_BIAS).offset();
    this.up = offset + layout.block(UP_WEIGHT).offset();
    this.upBias = offset + layout.block(UP_BIAS).offset();
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

  @Override
  public float[] logits(float[] h) {
    if (h.length != dimension) {
      throw new IllegalArgumentException("representation has length " + h.length + ", head expects " + dimension);
    }
    double[] hidden = new double[rank];
    for (int r = 0; r < rank; r++) {
      double sum = parameters[downBias + r];
      for (int i = 0; i < dimension; i++) {
        sum += parameters[down + r * dimension + i] * h[i];
      }
      hidden[r] = sum > 0 ? sum : Math.expm1(sum);
    }
    float[] logits = new float[models + HeadShape.ROLES];
    for (int o = 0; o < logits.length; o++) {
      double sum = parameters[upBias + o];
      for (int r = 0; r < rank; r++) {
        sum += parameters[up + o * rank + r] * hidden[r];
      }
      logits[o] = (float) sum;
    }
    return logits;
  }

  /** Backpropagation through B elu(A h + a) + b; the pre-activations are recomputed rather than kept per turn. */
  @Override
  public void addLogitsGradient(float[] h, double[] dLogits, double[] gradient) {
    int outputs = models + HeadShape.ROLES;
    for (int r = 0; r < rank; r++) {
      double pre = parameters[downBias + r];
      for (int i = 0; i < dimension; i++) {
        pre += parameters[down + r * dimension + i] * h[i];
      }
      double hidden = pre > 0 ? pre : Math.expm1(pre);
      double dHidden = 0;
      for (int o = 0; o < outputs; o++) {
        gradient[up + o * rank + r] += dLogits[o] * hidden;
        dHidden += dLogits[o] * parameters[up + o * rank + r];
      }
      double dPre = dHidden * (pre > 0 ? 1 : Math.exp(pre));
      gradient[downBias + r] += dPre;
      for (int i = 0; i < dimension; i++) {
        gradient[down + r * dimension + i] += dPre * h[i];
      }
    }
    for (int o = 0; o < outputs; o++) {
      gradient[upBias + o] += dLogits[o];
    }
  }

  @Override
  public Decision decide(float[] h) {
    float[] logits = logits(h);
    return Decision.fromLogits(logits, models);
  }

  @Override
  public Ranking rank(float[] h) {
    return Ranking.fromLogits(logits(h), models);
  }
}
