package io.trinity.driver.optimise;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An optimiser's state as a checkpoint holds it: its {@code type} (the config's {@code optimiser.type}) and the
 * optimiser's own state record as JSON, which carries its own format version.
 */
public record OptimiserState(String type, JsonNode state) {}
