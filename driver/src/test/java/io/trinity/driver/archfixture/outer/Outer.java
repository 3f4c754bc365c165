package io.trinity.driver.archfixture.outer;

import io.trinity.driver.archfixture.outer.inner.Inner;

/** Half of a planted package cycle for ArchitectureRulesTest, between a package and its subpackage. */
public final class Outer {
  Inner inner;
}
