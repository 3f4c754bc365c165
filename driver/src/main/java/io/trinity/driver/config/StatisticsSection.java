package io.trinity.driver.config;

/** The bootstrap's resamples (at least 1,000), its seed, and the intervals' confidence level. */
public record StatisticsSection(Integer resamples, Long seed, Double confidence) {
  public StatisticsSection {
    resamples = Checks.atLeast("statistics.resamples", resamples, 1_000, 2_000);
    seed = seed == null ? 1L : seed;
    confidence = Checks.within("statistics.confidence", confidence, 0.5, 0.999, 0.95);
  }

  public static StatisticsSection defaults() {
    return new StatisticsSection(null, null, null);
  }
}
