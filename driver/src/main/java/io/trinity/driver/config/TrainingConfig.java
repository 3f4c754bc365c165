package io.trinity.driver.config;

/** A training job's configuration, as read from YAML. */
public record TrainingConfig(RunSection run, TasksSection tasks, EncoderSection encoder, EpisodeSection episode,
    PoolSection pool, GatewaySection gateway, SparkSection spark, SandboxSection sandbox,
    OptimiserSection optimiser) {
  /** A config with the default optimiser, sep-CMA-ES. */
  public TrainingConfig(RunSection run, TasksSection tasks, EncoderSection encoder, EpisodeSection episode,
      PoolSection pool, GatewaySection gateway, SparkSection spark, SandboxSection sandbox) {
    this(run, tasks, encoder, episode, pool, gateway, spark, sandbox, null);
  }

  public TrainingConfig {
    run = run == null ? new RunSection(null, null, null, null, null, null, null, null) : run;
    Checks.required("tasks", tasks);
    encoder = encoder == null ? EncoderSection.defaults() : encoder;
    episode = episode == null ? new EpisodeSection(null, null, null, null, null, null, null, null) : episode;
    Checks.required("pool", pool);
    gateway = gateway == null ? GatewaySection.defaults() : gateway;
    spark = spark == null ? SparkSection.defaults() : spark;
    sandbox = sandbox == null ? SandboxSection.defaults() : sandbox;
    optimiser = optimiser == null ? OptimiserSection.defaults() : optimiser;
    if (run.mirrored() && !OptimiserSection.SEP_CMA_ES.equals(optimiser.type())) {
      throw new IllegalArgumentException("run.mirrored applies to optimiser.type sep_cma_es only; the type is "
          + optimiser.type());
    }
  }

  /** The same config with another pool section. */
  public TrainingConfig withPool(PoolSection pool) {
    return new TrainingConfig(run, tasks, encoder, episode, pool, gateway, spark, sandbox, optimiser);
  }
}
