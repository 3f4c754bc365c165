package io.trinity.workers.encode.qwen3;

import ai.djl.ndarray.NDArray;

/**
 * One projection y = x W^T of the decoder. Dense, or, for singular-value fine-tuning (SVF), factored once as
 * W = U diag(s) V^T and applied as ((x V) * (z * s)) U^T with a candidate's scale vector z, so no candidate's
 * weights are ever materialised.
 */
final class Linear {
  private final NDArray weightT;
  private final NDArray v;
  private final NDArray singular;
  private final NDArray uT;
  private final int svfIndex;

  private Linear(NDArray weightT, NDArray v, NDArray singular, NDArray uT, int svfIndex) {
    this.weightT = weightT;
    this.v = v;
    this.singular = singular;
    this.uT = uT;
    this.svfIndex = svfIndex;
  }

  /** A dense projection from W^T [in, out]. */
  static Linear dense(NDArray weightT) {
    return new Linear(weightT, null, null, null, -1);
  }

  /** A factored projection: V [in, k], s [k], U^T [k, out]; {@code svfIndex} picks its scales in a forward. */
  static Linear factored(NDArray v, NDArray singular, NDArray uT, int svfIndex) {
    return new Linear(null, v, singular, uT, svfIndex);
  }

  /** The number of singular values, 0 for a dense projection. */
  long rank() {
    return singular == null ? 0 : singular.size();
  }

  NDArray singularValues() {
    return singular;
  }

  /**
   * Applies the projection to x [batch, tokens, in]; {@code scaledSingular[svfIndex]} holds z * s per sequence as
   * [batch, 1, k].
   */
  NDArray apply(NDArray x, NDArray[] scaledSingular) {
    if (weightT != null) {
      return x.matMul(weightT);
    }
    return x.matMul(v).mul(scaledSingular[svfIndex]).matMul(uT);
  }
}
