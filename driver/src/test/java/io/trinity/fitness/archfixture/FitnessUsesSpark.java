package io.trinity.fitness.archfixture;

import org.apache.spark.SparkConf;

/** A planted violation for ArchitectureRulesTest: fitness using Spark. */
public final class FitnessUsesSpark {
  SparkConf conf;
}
