package io.trinity.driver.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.ConfigException;
import io.trinity.driver.config.OptimiserSection;
import io.trinity.driver.config.RunSection;
import io.trinity.driver.es.Objective;
import io.trinity.driver.es.SepCmaEs;
import io.trinity.driver.es.SepCmaEsParameters;
import io.trinity.driver.es.SepCmaEsState;
import io.trinity.driver.es.StopCriteria;
import io.trinity.driver.optimise.CmaEs;
import io.trinity.driver.optimise.Optimiser;
import io.trinity.driver.optimise.OptimiserState;
import io.trinity.driver.optimise.RandomSearch;
import io.trinity.driver.optimise.Reinforce;
import io.trinity.driver.optimise.SepCmaEsOptimiser;
import io.trinity.workers.coordinator.CandidateLayout;

/** Builds the configured optimiser for a new run, and restores a checkpoint's. */
final class Optimisers {
  private Optimisers() {}

  /** A new run's optimiser, starting from the layout's initial head; refuses what the head cannot take. */
  static Optimiser create(OptimiserSection optimiser, RunSection run, CandidateLayout candidates) {
    int parameters = candidates.parameterCount();
    int population = run.population() != null ? run.population()
        : SepCmaEsParameters.defaultPopulationSize(parameters);
    switch (optimiser.type()) {
      case OptimiserSection.SEP_CMA_ES:
        return new SepCmaEsOptimiser(sepCmaEs(run, candidates));
      case OptimiserSection.CMA_ES:
        if (parameters > OptimiserSection.CMA_ES_MAX_DIMENSION) {
          throw new ConfigException("optimiser.type cma_es keeps a full covariance and takes at most "
              + OptimiserSection.CMA_ES_MAX_DIMENSION + " parameters; this head (" + candidates + ") has "
              + parameters + ": use sep_cma_es");
        }
        return new CmaEs(candidates.initialMean(), run.sigma0(), population, run.seed());
      case OptimiserSection.RANDOM_SEARCH:
        return new RandomSearch(candidates.initialMean(), run.sigma0(), population, run.seed());
      case OptimiserSection.REINFORCE:
        if (candidates.hasSvf()) {
          throw new ConfigException("optimiser.type reinforce differentiates the head only; this candidate also "
              + "scales the encoder's SVF targets " + candidates.svfTargetList() + ": drop encoder.svf or use "
              + "sep_cma_es");
        }
        return new Reinforce(candidates.initialMean(), optimiser.learningRate(), optimiser.baseline(), population,
            run.seed());
      default:
        throw new IllegalStateException("unknown optimiser " + optimiser.type());
    }
  }

  private static SepCmaEs sepCmaEs(RunSection run, CandidateLayout candidates) {
    int parameters = candidates.parameterCount();
    SepCmaEs.Builder builder = SepCmaEs.builder()
        .dimension(parameters)
        .initialMean(candidates.initialMean())
        .sigma(run.sigma0())
        .seed(run.seed())
        .mirrored(run.mirrored())
        .objective(Objective.MAXIMIZE)
        // The run's length is the configured number of generations; rewards in [0, 1] plateau too
        // often for tolFun-style criteria to mean convergence.
        .stopCriteria(StopCriteria.none());
    int population = run.population() != null ? run.population()
        : SepCmaEsParameters.defaultPopulationSize(parameters);
    // Mirrored pairs need an even population; the default one is rounded up.
    builder.populationSize(run.mirrored() && population % 2 != 0 ? population + 1 : population);
    return builder.build();
  }

  /** The checkpoint's optimiser; a checkpoint of format 1 holds sep-CMA-ES's state alone. */
  static Optimiser restore(Checkpoint checkpoint, ObjectMapper json) {
    if (checkpoint.optimiser() == null) {
      return new SepCmaEsOptimiser(SepCmaEs.restore(checkpoint.optimizer()));
    }
    OptimiserState saved = checkpoint.optimiser();
    try {
      return switch (saved.type()) {
        case OptimiserSection.SEP_CMA_ES ->
            new SepCmaEsOptimiser(SepCmaEs.restore(json.treeToValue(saved.state(), SepCmaEsState.class)));
        case OptimiserSection.CMA_ES -> CmaEs.restore(json.treeToValue(saved.state(), CmaEs.State.class));
        case OptimiserSection.RANDOM_SEARCH ->
            RandomSearch.restore(json.treeToValue(saved.state(), RandomSearch.State.class));
        case OptimiserSection.REINFORCE -> Reinforce.restore(json.treeToValue(saved.state(), Reinforce.State.class));
        default -> throw new ConfigException("the checkpoint's optimiser '" + saved.type() + "' is not one of "
            + OptimiserSection.TYPES);
      };
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new ConfigException("the checkpoint's " + saved.type() + " state cannot be read: " + e.getMessage(), e);
    }
  }

  /** The optimiser's state for a checkpoint. */
  static OptimiserState state(Optimiser optimiser, ObjectMapper json) {
    return new OptimiserState(optimiser.type(), json.valueToTree(optimiser.state()));
  }

  /** The optimiser type a checkpoint was made with. */
  static String typeOf(Checkpoint checkpoint) {
    return checkpoint.optimiser() == null ? OptimiserSection.SEP_CMA_ES : checkpoint.optimiser().type();
  }
}
