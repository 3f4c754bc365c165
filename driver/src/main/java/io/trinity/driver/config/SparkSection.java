package io.trinity.driver.config;

import java.util.Map;

/**
 * Spark settings for the job. {@code master} is used only when spark-submit did not set one; {@code partitions}
 * (default: Spark's default parallelism) is the number of tasks a generation's episodes are split into.
 */
public record SparkSection(String master, String appName, Integer partitions, Map<String, String> conf) {
  public SparkSection {
    master = master == null ? "local[*]" : master;
    appName = appName == null ? "trinity-train" : appName;
    if (partitions != null) {
      Checks.atLeast("spark.partitions", partitions, 1, 1);
    }
    conf = conf == null ? Map.of() : Map.copyOf(conf);
  }

  public static SparkSection defaults() {
    return new SparkSection(null, null, null, null);
  }
}
