package io.trinity.driver.config;

import java.util.List;

/**
 * A batch evaluation's configuration, as read from YAML: the heads, the questions, the pool, the baselines, the
 * statistics, and where calls go and episodes run. {@code chunk_questions} questions are played between saves of
 * the resumable state. {@code sandbox} is where code answers run.
 */
public record EvaluationConfig(List<HeadSource> heads, EvaluationTasks tasks, PoolSection pool,
    BaselinesSection baselines, EvaluationEpisodes episode, StatisticsSection statistics, GatewaySection gateway,
    SparkSection spark, Integer chunkQuestions, SandboxSection sandbox) {
  public EvaluationConfig {
    if (heads == null || heads.isEmpty()) {
      throw new IllegalArgumentException("heads needs at least one entry (an export folder or run directory)");
    }
    heads = List.copyOf(heads);
    Checks.required("tasks", tasks);
    Checks.required("pool", pool);
    baselines = baselines == null ? BaselinesSection.defaults() : baselines;
    episode = episode == null ? EvaluationEpisodes.defaults() : episode;
    statistics = statistics == null ? StatisticsSection.defaults() : statistics;
    gateway = gateway == null ? GatewaySection.defaults() : gateway;
    spark = spark == null ? new SparkSection(null, "trinity-evaluate", null, null) : spark;
    chunkQuestions = Checks.atLeast("chunk_questions", chunkQuestions, 1, 250);
    sandbox = sandbox == null ? SandboxSection.defaults() : sandbox;
  }

  /** The same config with another pool section. */
  public EvaluationConfig withPool(PoolSection pool) {
    return new EvaluationConfig(heads, tasks, pool, baselines, episode, statistics, gateway, spark, chunkQuestions,
        sandbox);
  }
}
