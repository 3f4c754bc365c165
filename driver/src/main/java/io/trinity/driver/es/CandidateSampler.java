package io.trinity.driver.es;

import java.io.Serializable;

/**
 * How one generation's candidates are drawn, complete enough to draw any of them again elsewhere, bit for bit as
 * {@link SepCmaEs#ask()} drew it: each sampled direction has its own random stream, keyed by the generation's
 * seed and its index. Shipping this (mean, step size, diagonal, seed: O(n)) instead of the lambda candidates
 * (O(lambda n)) is the shared-noise technique of Salimans et al. (2017), which let evolution strategies scale to
 * many workers. Candidate {@code 2i + 1} of a mirrored generation is the twin of {@code 2i}.
 *
 * <p>The arrays are the optimiser's copies at ask time; nothing changes them afterwards.
 */
public record CandidateSampler(double[] mean, double sigma, double[] sqrtC, long generationSeed, boolean mirrored,
    BoxBounds bounds) implements Serializable {
  private static final long serialVersionUID = 1L;

  public CandidateSampler {
    if (mean.length != sqrtC.length) {
      throw new IllegalArgumentException("mean has " + mean.length + " coordinates, the diagonal " + sqrtC.length);
    }
  }

  public int dimension() {
    return mean.length;
  }

  /** Candidate {@code k} of the generation, as a new array. */
  public double[] candidate(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("candidate index " + k + " is negative");
    }
    double[] x = new double[mean.length];
    if (!mirrored) {
      sample(k, x);
      return x;
    }
    sample(k / 2, x);
    if (k % 2 == 0) {
      return x;
    }
    double[] twin = new double[mean.length];
    mirror(x, twin);
    return twin;
  }

  /** Draws direction {@code s} into {@code x}: resampled while outside the bounds (up to a limit), then clipped. */
  void sample(int s, double[] x) {
    Xoshiro256StarStar stream = Xoshiro256StarStar.substream(generationSeed, s);
    draw(stream, x);
    for (int attempt = 0; bounds != null && attempt < BoxBounds.RESAMPLES && !bounds.contains(x); attempt++) {
      draw(stream, x);
    }
    if (bounds != null) {
      bounds.clip(x);
    }
  }

  /** The mirrored twin of {@code x} through the mean, clipped. */
  void mirror(double[] x, double[] twin) {
    for (int j = 0; j < x.length; j++) {
      twin[j] = mean[j] - (x[j] - mean[j]);
    }
    if (bounds != null) {
      bounds.clip(twin);
    }
  }

  private void draw(Xoshiro256StarStar stream, double[] x) {
    final double s = sigma;
    stream.nextGaussians(x, 0, x.length); // z ~ N(0, I), in place
    for (int j = 0; j < x.length; j++) {
      x[j] = mean[j] + s * (sqrtC[j] * x[j]);
    }
  }
}
