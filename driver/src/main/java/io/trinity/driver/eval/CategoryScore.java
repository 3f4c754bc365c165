package io.trinity.driver.eval;

/** A policy's accuracy on one category's questions, with its 95% confidence interval. */
public record CategoryScore(double accuracy, Interval ci95, int n) {}
