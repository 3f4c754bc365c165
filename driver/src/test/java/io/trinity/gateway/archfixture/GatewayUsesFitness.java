package io.trinity.gateway.archfixture;

import io.trinity.fitness.task.Task;

/** A planted violation for ArchitectureRulesTest: the gateway reaching into fitness. */
public final class GatewayUsesFitness {
  Task task;
}
