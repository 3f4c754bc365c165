package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class EsBenchCommandTest {

  @Test
  void printsOneJsonObjectWithTheIssuesFields() throws Exception {
    CliRun o = CliRun.of("es-bench", "--function", "ellipsoid", "--dim", "10", "--seed", "3");
    assertEquals(0, o.exitCode(), o.err());
    String[] lines = o.out().strip().split("\n");
    assertEquals(1, lines.length, o.out());
    JsonNode json = new ObjectMapper().readTree(lines[0]);
    assertEquals("ellipsoid", json.get("function").asText());
    assertEquals(10, json.get("dim").asInt());
    assertEquals(3, json.get("seed").asLong());
    assertEquals(10, json.get("popsize").asInt(), "default 4 + floor(3 ln 10)");
    assertTrue(json.get("best").asDouble() <= 1e-8, o.out());
    assertTrue(json.get("reached").asBoolean());
    assertEquals(json.get("generations").asLong() * 10, json.get("evaluations").asLong());
    assertTrue(json.get("evaluations").asLong() > 1000 && json.get("evaluations").asLong() < 10_000, o.out());
    assertTrue(json.get("ms_per_generation").asDouble() > 0, o.out());
    assertEquals("TARGET_FITNESS", json.get("stop_reasons").get(0).asText());
  }

  @Test
  void aBudgetStopsTheRunAndIsReported() throws Exception {
    CliRun o = CliRun.of("es-bench", "--function", "rosenbrock", "--dim", "20", "--popsize", "12", "--max-evals", "600");
    assertEquals(0, o.exitCode(), o.err());
    JsonNode json = new ObjectMapper().readTree(o.out());
    assertEquals(600, json.get("evaluations").asLong());
    assertEquals(12, json.get("popsize").asInt());
    assertTrue(!json.get("reached").asBoolean() && json.get("best").asDouble() > 1e-8);
    assertEquals("MAX_EVALUATIONS", json.get("stop_reasons").get(0).asText());
  }

  @Test
  void ipopRestartsHelpOnRastrigin() throws Exception {
    JsonNode plain = new ObjectMapper().readTree(CliRun.of("es-bench", "--function", "rastrigin", "--dim", "5",
        "--seed", "1", "--target", "1e-6").out());
    JsonNode ipop = new ObjectMapper().readTree(CliRun.of("es-bench", "--function", "rastrigin", "--dim", "5",
        "--seed", "1", "--target", "1e-6", "--restarts", "9").out());
    assertEquals(0, plain.get("restarts").asInt());
    assertTrue(ipop.get("restarts").asInt() > 0, ipop.toString());
    assertTrue(ipop.get("best").asDouble() <= plain.get("best").asDouble(), plain + " vs " + ipop);
  }

  @Test
  void anUnknownFunctionIsAUsageErrorListingTheChoices() {
    CliRun o = CliRun.of("es-bench", "--function", "ackley", "--dim", "3");
    assertEquals(2, o.exitCode());
    assertTrue(o.err().contains("unknown function 'ackley'; expected one of sphere, ellipsoid, rosenbrock, rastrigin"),
        o.err());
  }
}
