package io.trinity.driver.config;

/**
 * The optimisation: {@code generations} of the configured optimiser ({@link OptimiserSection}, sep-CMA-ES by
 * default) with {@code population} candidates (lambda; null = the default 4 + floor(3 ln n)), each evaluated on the same {@code tasks_per_generation} training tasks (m).
 * Fitness = mean reward - {@code cost_penalty} * mean cost per episode in USD. With validation tasks, the
 * optimiser's mean is scored on them every {@code validate_every} generations and the best one is exported.
 * {@code mirrored} samples candidates in antithetic pairs with pairwise selection (population must be even).
 * {@code episode_log} keeps a seeded sample of each generation's episodes, transcripts included.
 */
public record RunSection(Long seed, Integer generations, Integer population, Integer tasksPerGeneration,
    Double sigma0, Double costPenalty, Integer validateEvery, Boolean mirrored, EpisodeLogSection episodeLog) {
  public RunSection(Long seed, Integer generations, Integer population, Integer tasksPerGeneration,
      Double sigma0, Double costPenalty, Integer validateEvery, Boolean mirrored) {
    this(seed, generations, population, tasksPerGeneration, sigma0, costPenalty, validateEvery, mirrored, null);
  }

  public RunSection {
    seed = seed == null ? 0L : seed;
    generations = Checks.atLeast("run.generations", generations, 1, 30);
    if (population != null) {
      Checks.atLeast("run.population", population, 2, 2);
    }
    tasksPerGeneration = Checks.atLeast("run.tasks_per_generation", tasksPerGeneration, 1, 16);
    sigma0 = Checks.within("run.sigma0", sigma0, 1e-6, 1e3, 0.5);
    costPenalty = Checks.within("run.cost_penalty", costPenalty, 0, 1e6, 0);
    validateEvery = Checks.atLeast("run.validate_every", validateEvery, 1, 5);
    mirrored = mirrored != null && mirrored;
    episodeLog = episodeLog == null ? EpisodeLogSection.defaults() : episodeLog;
    if (mirrored && population != null && population % 2 != 0) {
      throw new IllegalArgumentException("run.population must be even with run.mirrored, got " + population);
    }
  }
}
