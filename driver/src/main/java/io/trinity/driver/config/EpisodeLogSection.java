package io.trinity.driver.config;

/**
 * How many of each generation's episodes the run directory keeps whole ({@code episodes/gen-NNNNN.jsonl}):
 * {@code per_generation} drawn with the run's seed, so a resumed run writes the same sample; 0 keeps none.
 */
public record EpisodeLogSection(Integer perGeneration) {
  /** Enough to see how a generation plays; under 1 MB over the demo's 90 generations (about 1 KB an episode). */
  public static final int DEFAULT_PER_GENERATION = 4;

  public EpisodeLogSection {
    perGeneration = Checks.atLeast("run.episode_log.per_generation", perGeneration, 0, DEFAULT_PER_GENERATION);
  }

  public static EpisodeLogSection defaults() {
    return new EpisodeLogSection(null);
  }
}
