package io.trinity.driver.eval;

/**
 * One finished training of an experiment (a cell at a seed) as its held-out comparison scored it: the trained
 * head's accuracy with its Wilson interval, the best single model on the same questions and the head's paired
 * margin over it (bootstrap interval over questions), the oracle, USD and turns per held-out question, and what
 * training spent (LLM calls and USD, validation included). {@code heldOutSha256} fingerprints the held-out
 * questions, so that comparisons pair only runs scored on the same ones; {@code configSha256} the training config
 * as run, so that a rerun with a changed config is caught instead of skipped. Written last into the run's folder,
 * it marks the run finished.
 */
public record SeedRun(String cell, long seed, String runId, int heldOutQuestions, String heldOutSha256,
    double accuracy, Interval accuracyCi, String bestSingleModel, double bestSingleAccuracy, double margin,
    Interval marginCi, double oracleAccuracy, Double gapClosed, double usdPerQuestion, double turnsPerQuestion,
    int trainingGenerations, long trainingLlmCalls, double trainingCostUsd, double wallSeconds, String finishedAt,
    String configSha256) {

  public static final String FILE = "experiment-run.json";
}
