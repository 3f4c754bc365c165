package io.trinity.workers.export;

/**
 * How an exported head was trained, for the record: the run, its seed and size, which optimiser mean was exported
 * and how it scored on validation, what the run spent, and the code that trained it.
 *
 * @param selected which mean the head is ("the optimiser's final mean" or the validated generation's)
 * @param validationScore the exported mean's validation accuracy; null without validation
 * @param gitCommit the commit of the code that trained the head, {@code unknown} where the build did not know it
 * @param gitDirty whether that build had uncommitted changes; null where unknown
 * @param optimiser the training config's {@code optimiser.type} ({@code sep_cma_es}, {@code cma_es},
 *     {@code random_search}, {@code reinforce}); null in exports written before it was recorded
 */
public record TrainingSummary(String runId, long seed, int generations, int population, int tasksPerGeneration,
    String selected, Double validationScore, double finalSigma, Double lastBestFitness, Double lastMeanFitness,
    long llmCalls, double costUsd, String gitCommit, Boolean gitDirty, String optimiser) {
  /** A summary that does not say which optimiser trained the head. */
  public TrainingSummary(String runId, long seed, int generations, int population, int tasksPerGeneration,
      String selected, Double validationScore, double finalSigma, Double lastBestFitness, Double lastMeanFitness,
      long llmCalls, double costUsd, String gitCommit, Boolean gitDirty) {
    this(runId, seed, generations, population, tasksPerGeneration, selected, validationScore, finalSigma,
        lastBestFitness, lastMeanFitness, llmCalls, costUsd, gitCommit, gitDirty, null);
  }
}
