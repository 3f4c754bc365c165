package io.trinity.driver.es;

/**
 * A small, fast random generator whose whole state is four {@code long}s, so that it can be saved
 * in a checkpoint and continued bit for bit.
 *
 * <ul>
 *   <li>Uniform bits: xoshiro256** 1.0 (Blackman and Vigna, 2018), seeded from a single {@code
 *       long} through SplitMix64, as its authors recommend.
 *   <li>Uniform doubles: the top 53 bits, {@code [0, 1)}.
 *   <li>Standard normal doubles: a 256-layer ziggurat in Doornik's (2005) formulation (layer index
 *       and abscissa from disjoint bits of one 64-bit draw; exact tail by Marsaglia's method). It
 *       keeps no spare value, so {@link #state()} is the complete state.
 * </ul>
 *
 * <p>Determinism: the ziggurat tables are built with {@link StrictMath} and the rare wedge and
 * tail branches use {@link StrictMath} too, so every JVM on every platform produces the same
 * numbers for the same state. Not thread-safe.
 */
public final class Xoshiro256StarStar {

  private long s0;
  private long s1;
  private long s2;
  private long s3;

  /** Seeds the four state words from {@code seed} with SplitMix64. */
  public Xoshiro256StarStar(long seed) {
    long x = seed;
    x += 0x9E3779B97F4A7C15L;
    s0 = splitMix64(x);
    x += 0x9E3779B97F4A7C15L;
    s1 = splitMix64(x);
    x += 0x9E3779B97F4A7C15L;
    s2 = splitMix64(x);
    x += 0x9E3779B97F4A7C15L;
    s3 = splitMix64(x);
    if ((s0 | s1 | s2 | s3) == 0L) { // cannot happen for SplitMix64 outputs, kept as a guard
      s0 = 1L;
    }
  }

  /** Continues from a saved state. */
  public Xoshiro256StarStar(RngState state) {
    setState(state);
  }

  /**
   * Generator number {@code index} of a family derived from {@code seed}: its seed is SplitMix64
   * of {@code seed + (index + 1) * golden}, so sibling generators start from unrelated states.
   */
  public static Xoshiro256StarStar substream(long seed, long index) {
    return new Xoshiro256StarStar(splitMix64(seed + (index + 1) * 0x9E3779B97F4A7C15L));
  }

  private static long splitMix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The complete state; {@code new Xoshiro256StarStar(state())} continues this stream exactly. */
  public RngState state() {
    return new RngState(s0, s1, s2, s3);
  }

  /** Replaces the state with a saved one. */
  public void setState(RngState state) {
    s0 = state.s0();
    s1 = state.s1();
    s2 = state.s2();
    s3 = state.s3();
  }

  /** Next 64 uniformly random bits. */
  public long nextLong() {
    final long result = Long.rotateLeft(s1 * 5, 7) * 9;
    final long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform double in {@code [0, 1)} with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  // ---------------------------------------------------------------------------------------------
  // Ziggurat for N(0, 1): 256 layers of equal area V, the bottom one holding the tail beyond R.

  private static final int ZIG_LAYERS = 256;
  private static final double ZIG_R = 3.6541528853610088;
  private static final double ZIG_V = 4.92867323399e-3;
  /** Layer edges: X[0] = V / f(R) (bottom block), X[1] = R, decreasing to X[256] = 0. */
  private static final double[] ZIG_X = new double[ZIG_LAYERS + 1];
  /** f(X[i]) = exp(-X[i]^2 / 2). */
  private static final double[] ZIG_F = new double[ZIG_LAYERS + 1];
  /** Fast-accept ratio X[i+1] / X[i]. */
  private static final double[] ZIG_RATIO = new double[ZIG_LAYERS];

  static {
    double f = StrictMath.exp(-0.5 * ZIG_R * ZIG_R);
    ZIG_X[0] = ZIG_V / f;
    ZIG_X[1] = ZIG_R;
    ZIG_X[ZIG_LAYERS] = 0.0;
    for (int i = 2; i < ZIG_LAYERS; i++) {
      ZIG_X[i] = Math.sqrt(-2.0 * StrictMath.log(ZIG_V / ZIG_X[i - 1] + f));
      f = StrictMath.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
    }
    for (int i = 0; i <= ZIG_LAYERS; i++) {
      ZIG_F[i] = StrictMath.exp(-0.5 * ZIG_X[i] * ZIG_X[i]);
    }
    for (int i = 0; i < ZIG_LAYERS; i++) {
      ZIG_RATIO[i] = ZIG_X[i + 1] / ZIG_X[i];
    }
  }

  /** Standard normal variate. */
  public double nextGaussian() {
    for (;;) {
      final long bits = nextLong();
      final int i = (int) (bits & (ZIG_LAYERS - 1)); // low 8 bits: layer
      final double u = 2.0 * ((bits >>> 11) * 0x1.0p-53) - 1.0; // top 53 bits: in [-1, 1)
      if (Math.abs(u) < ZIG_RATIO[i]) {
        return u * ZIG_X[i]; // inside the rectangle: about 99% of draws
      }
      if (i == 0) {
        return gaussianTail(u < 0.0);
      }
      final double x = u * ZIG_X[i];
      // wedge between f(X[i]) (lower) and f(X[i+1]) (upper)
      final double y = ZIG_F[i] + nextDouble() * (ZIG_F[i + 1] - ZIG_F[i]);
      if (y < StrictMath.exp(-0.5 * x * x)) {
        return x;
      }
    }
  }

  /**
   * Fills {@code out[from, to)} with standard normal variates: the same numbers, in the same
   * order, as {@code to - from} calls of {@link #nextGaussian()}, but faster, because the
   * generator state stays in local variables on the fast path.
   */
  public void nextGaussians(double[] out, int from, int to) {
    if (from < 0 || to > out.length || from > to) {
      throw new IndexOutOfBoundsException("range [" + from + ", " + to + ") of " + out.length);
    }
    long a = s0;
    long b = s1;
    long c = s2;
    long d = s3;
    for (int j = from; j < to; j++) {
      // inlined nextLong()
      final long bits = Long.rotateLeft(b * 5, 7) * 9;
      final long t = b << 17;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = Long.rotateLeft(d, 45);
      final int i = (int) (bits & (ZIG_LAYERS - 1));
      final double u = 2.0 * ((bits >>> 11) * 0x1.0p-53) - 1.0;
      if (Math.abs(u) < ZIG_RATIO[i]) {
        out[j] = u * ZIG_X[i];
      } else {
        // rare: finish this variate on the slow path, which continues the same stream
        s0 = a;
        s1 = b;
        s2 = c;
        s3 = d;
        out[j] = finishGaussian(i, u);
        a = s0;
        b = s1;
        c = s2;
        d = s3;
      }
    }
    s0 = a;
    s1 = b;
    s2 = c;
    s3 = d;
  }

  /** The rest of {@link #nextGaussian()} after a first draw missed the rectangles. */
  private double finishGaussian(int i, double u) {
    if (i == 0) {
      return gaussianTail(u < 0.0);
    }
    final double x = u * ZIG_X[i];
    final double y = ZIG_F[i] + nextDouble() * (ZIG_F[i + 1] - ZIG_F[i]);
    if (y < StrictMath.exp(-0.5 * x * x)) {
      return x;
    }
    return nextGaussian();
  }

  /** Marsaglia's exact sampler for the tail |x| > R. */
  private double gaussianTail(boolean negative) {
    double x;
    double y;
    do {
      // 1 - U lies in (0, 1], so the logarithm is finite
      x = StrictMath.log(1.0 - nextDouble()) / ZIG_R;
      y = StrictMath.log(1.0 - nextDouble());
    } while (-2.0 * y < x * x);
    return negative ? x - ZIG_R : ZIG_R - x;
  }
}
