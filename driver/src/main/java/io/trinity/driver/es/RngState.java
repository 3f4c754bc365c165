package io.trinity.driver.es;

/**
 * The complete state of a {@link Xoshiro256StarStar} generator: its four 64-bit words.
 *
 * <p>The Gaussian sampler (a ziggurat) keeps no cached spare value, so these four words are all
 * that is needed to continue a random stream bit for bit. Serialisable with Jackson as a plain
 * JSON object of four integers.
 */
public record RngState(long s0, long s1, long s2, long s3) {

  public RngState {
    if ((s0 | s1 | s2 | s3) == 0L) {
      throw new IllegalArgumentException("xoshiro256** state must not be all zero");
    }
  }
}
