package io.trinity.driver.report;

import java.util.Map;

/**
 * What the training report uses of one {@code metrics.jsonl} line. Every field but the generation may be null: a
 * file written by an older build lacks the newer fields, and the report says so instead of refusing the run.
 * {@code modelsByCategory} and {@code rolesByCategory} map a task category to its choice counts.
 */
public record GenerationPoint(int generation, Double bestFitness, Double meanFitness, Double medianFitness,
    Double meanHeadFitness, Double validationScore, Double sigma, Long llmCalls, Double costUsd,
    Map<String, Integer> modelChoices, Map<String, Integer> roleChoices,
    Map<String, Map<String, Integer>> modelsByCategory, Map<String, Map<String, Integer>> rolesByCategory) {}
