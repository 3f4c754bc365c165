package io.trinity.driver.eval;

/**
 * A paired difference of accuracy on the same questions, {@code policy} minus {@code baseline}, with a bootstrap
 * 95% confidence interval over questions.
 */
public record Difference(String policy, String baseline, double mean, Interval ci95) {}
