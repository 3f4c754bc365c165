package io.trinity.driver.archfixture.outer.inner;

import io.trinity.driver.archfixture.outer.Outer;

/** The other half of the planted cycle of {@link Outer}. */
public final class Inner {
  Outer outer;
}
