package io.trinity.driver.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** One cell of an experiment: its id (its folder under {@code cells/}) and the keys it sets, in order. */
public record Cell(String id, Map<String, JsonNode> settings) {}
