package io.trinity.driver.eval;

import java.util.Map;

/**
 * Which single models solve which questions (as in AC/DC and the paper's per-question best): for each model, the
 * questions only it solves; for each pair, the questions both solve (the diagonal is each model's own count); and
 * the questions no model solves.
 */
public record Coverage(Map<String, Integer> onlySolvedBy, Map<String, Map<String, Integer>> solvedByBoth,
    int solvedByNone) {}
