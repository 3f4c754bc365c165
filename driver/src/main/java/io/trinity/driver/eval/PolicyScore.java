package io.trinity.driver.eval;

import java.util.Map;

/** How one policy did on the held-out questions: accuracy overall and per category, and what it spent. */
public record PolicyScore(double accuracy, int n, Map<String, Double> byCategory, double meanTurns, double costUsd) {}
