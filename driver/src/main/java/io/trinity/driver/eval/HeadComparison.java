package io.trinity.driver.eval;

/**
 * A trained head against the baselines that matter most. {@code gapClosed} is (head - best single) / (oracle -
 * best single), null when the oracle is no better than the best single model. {@code firstWorkerSolvable} is the
 * share of questions where the head's first Worker turn went to a model that solved the question alone (null when
 * the head never chose a Worker).
 */
public record HeadComparison(String head, Difference vsBestSingle, Difference vsRandomRouter, Double gapClosed,
    Double firstWorkerSolvable) {}
