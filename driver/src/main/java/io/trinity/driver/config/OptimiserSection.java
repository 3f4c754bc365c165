package io.trinity.driver.config;

import java.util.List;

/**
 * Which optimiser trains the head. {@code type}: {@code sep_cma_es} (the default and the paper's), {@code cma_es}
 * (full covariance, for heads of at most {@link #CMA_ES_MAX_DIMENSION} parameters), {@code random_search} (heads
 * drawn around the initial head with {@code run.sigma0}, the best kept), or {@code reinforce} (the head's softmax
 * sampled, policy gradient with a {@code baseline} and Adam at {@code learning_rate}). All play {@code
 * run.population} policies on {@code run.tasks_per_generation} tasks a generation, so their budgets match.
 */
public record OptimiserSection(String type, Double learningRate, String baseline) {
  public static final String SEP_CMA_ES = "sep_cma_es";
  public static final String CMA_ES = "cma_es";
  public static final String RANDOM_SEARCH = "random_search";
  public static final String REINFORCE = "reinforce";
  public static final List<String> TYPES = List.of(SEP_CMA_ES, CMA_ES, RANDOM_SEARCH, REINFORCE);
  /** Above this a full covariance (n^2 numbers, an n^3 eigendecomposition a generation) costs more than it gives. */
  public static final int CMA_ES_MAX_DIMENSION = 1000;
  public static final List<String> BASELINES = List.of("batch_mean", "moving_average", "none");
  public static final double DEFAULT_LEARNING_RATE = 0.05;

  public OptimiserSection {
    type = type == null ? SEP_CMA_ES : type;
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("optimiser.type must be one of " + TYPES + ", got '" + type + "'");
    }
    if (!REINFORCE.equals(type) && (learningRate != null || baseline != null)) {
      throw new IllegalArgumentException("optimiser." + (learningRate != null ? "learning_rate" : "baseline")
          + " applies to type reinforce only; the type is " + type);
    }
    if (REINFORCE.equals(type)) {
      learningRate = Checks.within("optimiser.learning_rate", learningRate, 1e-9, 10, DEFAULT_LEARNING_RATE);
      baseline = baseline == null ? BASELINES.get(0) : baseline;
      if (!BASELINES.contains(baseline)) {
        throw new IllegalArgumentException("optimiser.baseline must be one of " + BASELINES + ", got '" + baseline
            + "'");
      }
    }
  }

  public static OptimiserSection defaults() {
    return new OptimiserSection(null, null, null);
  }
}
