package io.trinity.driver.train;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.trinity.driver.gateway.Spend;
import io.trinity.driver.spark.CodeGrading;
import io.trinity.driver.spark.RoundResult;
import io.trinity.driver.spark.TaskDevice;
import io.trinity.workers.episode.EpisodeResult;
import io.trinity.workers.transcript.Role;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of metrics.jsonl: how a generation went. Fitness figures are over the lambda candidates;
 * {@code mean_head_fitness} is the optimiser's mean on the same tasks; {@code validation_score} (only on
 * validation generations) is the mean's accuracy on the validation tasks. Spend figures are this generation's
 * training episodes; the totals include validation. {@code episodes} counts the training episodes whose results
 * were told (one per candidate, mean and task, however often Spark ran them), {@code sparkTasks} the Spark tasks
 * they were split into and {@code retriedSparkTasks} those that succeeded only on a retry: their calls were made
 * again (the gateway's accounts show them) but their episodes count once. {@code episodesPlayedAgain} counts the
 * episodes played again because an upstream stayed unavailable through the gateway's retries. {@code devices} says,
 * per Spark task of the generation's round, which executor played it and the GPU addresses Spark assigned to it
 * (none without GPU scheduling); null in lines written before it existed. {@code codeRuns}, {@code codeCacheHits}
 * and {@code sandboxFailures} are what grading the training episodes' code answers took over all executors:
 * programs run in the sandbox, answers an executor's grade cache already knew, and runs the sandbox itself failed
 * (such an answer is graded wrong unrun; a wrong program is a run). The {@code validation*} code counts are the
 * same for the generation's validation round, apart from the training figures so that those stay comparable
 * between generations; null on generations without validation. {@code turnFailures} counts the training
 * episodes' failed turns per model and failure kind ({@code context_length}, {@code content_filter},
 * {@code empty_reply}, ...; see {@link io.trinity.gateway.api.CallFailure.Kind}); models without any are left out.
 * {@code modelChoices} and {@code roleChoices} count the turns of all training episodes (candidates and the mean);
 * {@code selectionsByCategory} splits the same counts by the tasks' category, so its counts sum to them; null in
 * lines written before it existed.
 */
@JsonPropertyOrder(alphabetic = false)
public record GenerationMetrics(int generation, double bestFitness, double meanFitness, double medianFitness,
    double meanHeadFitness, Double validationScore, double sigma, int episodes, int sparkTasks,
    long retriedSparkTasks, long episodesPlayedAgain, List<TaskDevice> devices, long codeRuns, long codeCacheHits,
    long sandboxFailures, Long validationCodeRuns, Long validationCodeCacheHits, Long validationSandboxFailures,
    long llmCalls, long promptTokens,
    long completionTokens, double costUsd, long totalLlmCalls, double totalCostUsd, double wallSeconds,
    Map<String, Integer> modelChoices, Map<String, Integer> roleChoices,
    Map<String, CategorySelections> selectionsByCategory, Map<String, Map<String, Integer>> turnFailures,
    GenerationAccounts gatewayAccounts) {

  public static GenerationMetrics of(int generation, double[] fitness, double meanHeadFitness,
      Double validationScore, double sigma, RoundResult played, RoundResult validation, Spend total,
      double wallSeconds, List<String> models) {
    List<EpisodeResult> episodes = played.all();
    double[] sorted = fitness.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    Map<String, Integer> modelChoices = new LinkedHashMap<>();
    models.forEach(m -> modelChoices.put(m, 0));
    Map<String, Integer> roleChoices = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      roleChoices.put(role.title(), 0);
    }
    Map<String, Map<String, Integer>> turnFailures = new TreeMap<>();
    for (EpisodeResult episode : episodes) {
      for (int i = 0; i < episode.failedModels().length; i++) {
        turnFailures.computeIfAbsent(models.get(episode.failedModels()[i]), m -> new TreeMap<>())
            .merge(episode.failedKinds()[i], 1, Integer::sum);
      }
      for (int model : episode.models()) {
        modelChoices.merge(models.get(model), 1, Integer::sum);
      }
      for (int role : episode.roles()) {
        roleChoices.merge(Role.values()[role].title(), 1, Integer::sum);
      }
    }
    Spend spent = Spend.of(episodes);
    CodeGrading validated = validation == null ? null : validation.codeGrading();
    return new GenerationMetrics(generation, sorted[n - 1], Arrays.stream(fitness).average().orElse(0), median,
        meanHeadFitness, validationScore, sigma, episodes.size(), played.sparkTasks(), played.retriedSparkTasks(),
        played.episodesPlayedAgain(), played.devices(), played.codeGrading().runs(),
        played.codeGrading().cacheHits(), played.codeGrading().sandboxFailures(),
        validated == null ? null : validated.runs(), validated == null ? null : validated.cacheHits(),
        validated == null ? null : validated.sandboxFailures(), spent.calls(), spent.promptTokens(),
        spent.completionTokens(), spent.costUsd(), total.calls(), total.costUsd(), wallSeconds, modelChoices,
        roleChoices, CategorySelections.of(episodes, models), turnFailures, null);
  }

  /** The same line with the gateway's own accounts of this generation (in-process gateway only). */
  public GenerationMetrics withGatewayAccounts(GenerationAccounts accounts) {
    return new GenerationMetrics(generation, bestFitness, meanFitness, medianFitness, meanHeadFitness,
        validationScore, sigma, episodes, sparkTasks, retriedSparkTasks, episodesPlayedAgain, devices, codeRuns,
        codeCacheHits, sandboxFailures, validationCodeRuns, validationCodeCacheHits, validationSandboxFailures,
        llmCalls, promptTokens, completionTokens, costUsd, totalLlmCalls, totalCostUsd, wallSeconds, modelChoices,
        roleChoices, selectionsByCategory, turnFailures, accounts);
  }
}
