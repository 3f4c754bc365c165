package io.trinity.driver.es;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which published set of sep-CMA-ES learning rates {@link SepCmaEsParameters} uses. The two sets
 * share the update equations and differ only in the weights' log base and in the covariance
 * learning rates {@code c_1} and {@code c_mu}.
 */
public enum StrategyConstants {
  /**
   * Ros and Hansen (2008): the full CMA-ES rates of Hansen's tutorial, rank-one and rank-mu alike,
   * multiplied by {@code (n + 2) / 3}. The default.
   */
  ROS_HANSEN_2008("ros-hansen-2008"),
  /**
   * CyberAgent's {@code cmaes} 0.9.1 {@code SepCMA}: {@code c_1} left unscaled and the older
   * combined {@code c_cov}, scaled, used as {@code c_mu}. Slower on ill-conditioned functions in
   * high dimension (about 50,000 instead of 30,500 evaluations on the ellipsoid at n = 100), kept
   * to check this implementation against that one and to reproduce its runs.
   */
  CMAES_SEPCMA("cmaes-sepcma");

  private final String wireName;

  StrategyConstants(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in configuration files and on the command line. */
  public String wireName() {
    return wireName;
  }

  public static StrategyConstants fromWireName(String name) {
    for (StrategyConstants c : values()) {
      if (c.wireName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown strategy constants '" + name + "'; expected one of "
        + Arrays.stream(values()).map(StrategyConstants::wireName).collect(Collectors.joining(", ")));
  }
}
