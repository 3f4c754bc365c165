package io.trinity.workers.archfixture;

import org.apache.spark.SparkConf;

/** A planted violation for ArchitectureRulesTest: workers using Spark. */
public final class WorkersUseSpark {
  SparkConf conf;
}
