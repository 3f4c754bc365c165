package io.trinity.driver.eval;

import java.util.Map;

/**
 * How one policy did on the evaluated questions: accuracy (a fraction) with its 95% confidence interval, per
 * category, and what it spent per question. {@code costUsd} is the total over the {@code n} questions.
 */
public record PolicyScore(String policy, PolicyKind kind, double accuracy, Interval ci95, int n,
    Map<String, CategoryScore> byCategory, double meanTurns, double meanTokens, double meanCostUsd,
    double costUsd) {}
