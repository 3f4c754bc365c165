package io.trinity.workers.head;

/** The paper's linear head: logits = W h, model = argmax of the first L logits, role = argmax of the last 3. */
public final class LinearHead implements Head {
  /** The weight's name in exports and in the {@link #layout}. */
  public static final String WEIGHT = "head.weight";

  private final HeadShape shape;
  private final float[] parameters;
  private final int offset;

  /** Wraps the flat parameter vector without copying; the caller must not change it afterwards. */
  public LinearHead(HeadShape shape, float[] weights) {
    this(shape, weights, 0);
    if (weights.length != shape.parameterCount()) {
      throw new IllegalArgumentException("linear head " + shape + " needs " + shape.parameterCount()
          + " parameters, got " + weights.length);
    }
  }

  /**
   * Wraps W where it starts at {@code offset} in a longer vector (a candidate whose SVF scales follow the head),
   * without copying; the caller must not change the vector afterwards.
   */
  public LinearHead(HeadShape shape, float[] parameters, int offset) {
    if (offset < 0 || parameters.length - offset < shape.parameterCount()) {
      throw new IllegalArgumentException("linear head " + shape + " needs " + shape.parameterCount()
          + " parameters from offset " + offset + ", the vector has " + parameters.length);
    }
    this.shape = shape;
    this.parameters = parameters;
    this.offset = offset;
  }

  /** The linear head's one block: W [L + 3, d]. */
  public static ParameterLayout layout(HeadShape shape) {
    return ParameterLayout.builder().add(WEIGHT, shape.outputs(), shape.dimension()).build();
  }

  public HeadShape shape() {
    return shape;
  }

  @Override
  public float[] logits(float[] h) {
    int d = shape.dimension();
    if (h.length != d) {
      throw new IllegalArgumentException("representation has length " + h.length + ", head expects " + d);
    }
    float[] logits = new float[shape.outputs()];
    for (int row = 0; row < logits.length; row++) {
      int start = offset + row * d;
      double sum = 0;
      for (int i = 0; i < d; i++) {
        sum += parameters[start + i] * h[i];
      }
      logits[row] = (float) sum;
    }
    return logits;
  }

  @Override
  public void addLogitsGradient(float[] h, double[] dLogits, double[] gradient) {
    int d = shape.dimension();
    for (int row = 0; row < shape.outputs(); row++) {
      double scale = dLogits[row];
      if (scale == 0) {
        continue;
      }
      int start = offset + row * d;
      for (int i = 0; i < d; i++) {
        gradient[start + i] += scale * h[i];
      }
    }
  }

  @Override
  public Decision decide(float[] h) {
    float[] logits = logits(h);
    return Decision.fromLogits(logits, shape.models());
  }

  @Override
  public Ranking rank(float[] h) {
    return Ranking.fromLogits(logits(h), shape.models());
  }
}
