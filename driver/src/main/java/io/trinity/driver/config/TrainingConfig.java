package io.trinity.driver.config;

/** A training job's configuration, as read from YAML. */
public record TrainingConfig(RunSection run, TasksSection tasks, EncoderSection encoder, EpisodeSection episode,
    PoolSection pool, GatewaySection gateway, SparkSection spark, SandboxSection sandbox) {
  public TrainingConfig {
    run = run == null ? new RunSection(null, null, null, null, null, null, null, null) : run;
    Checks.required("tasks", tasks);
    encoder = encoder == null ? EncoderSection.defaults() : encoder;
    episode = episode == null ? new EpisodeSection(null, null, null, null, null, null, null, null) : episode;
    Checks.required("pool", pool);
    gateway = gateway == null ? GatewaySection.defaults() : gateway;
    spark = spark == null ? SparkSection.defaults() : spark;
    sandbox = sandbox == null ? SandboxSection.defaults() : sandbox;
  }

  /** The same config with another pool section. */
  public TrainingConfig withPool(PoolSection pool) {
    return new TrainingConfig(run, tasks, encoder, episode, pool, gateway, spark, sandbox);
  }
}
