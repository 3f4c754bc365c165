package io.trinity.gateway.archfixture;

import org.apache.hadoop.conf.Configuration;

/** A planted violation for ArchitectureRulesTest: the gateway using Hadoop. */
public final class GatewayUsesHadoop {
  Configuration configuration;
}
