package io.trinity.fitness.archfixture;

import io.trinity.gateway.api.ChatMessage;

/** A planted violation for ArchitectureRulesTest: fitness reaching into the gateway. */
public final class FitnessUsesGateway {
  ChatMessage message;
}
