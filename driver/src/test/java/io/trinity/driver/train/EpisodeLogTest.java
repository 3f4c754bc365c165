package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.config.TrainingConfig;
import io.trinity.driver.gateway.JobSecrets;
import io.trinity.driver.spark.EpisodeKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The episode log of a short training on the simulated pool: per generation the configured number of whole
 * episodes, with every turn's model, role and reply, the grade and the spend; the pool's token, which every question
 * here carries, appears nowhere in the run directory; and a run stopped and resumed writes the same files.
 * Surefire sets TRINITY_TEST_GATEWAY_TOKEN (driver/pom.xml), the pool's {@code auth_token_env}.
 */
class EpisodeLogTest {
  private static final String TOKEN_ENV = "TRINITY_TEST_GATEWAY_TOKEN";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private TrainingConfig config(int generations, int perGeneration) throws IOException {
    String secret = System.getenv(TOKEN_ENV);
    List<String> questions = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      questions.add("{\"question\": \"Ticket " + secret + ": what is " + i + " + " + (i + 3) + "?\", "
          + "\"answer\": \"Add them.\\n#### " + (2 * i + 3) + "\"}");
    }
    Files.writeString(dir.resolve("tasks.jsonl"), String.join("\n", questions) + "\n");
    Path pool = TrainingFixtures.demoPoolWithoutLatency(dir);
    Files.writeString(pool, "auth_token_env: " + TOKEN_ENV + "\n" + Files.readString(pool));
    return TrainingYaml.builder().seed(5).generations(generations).population(4).tasksPerGeneration(3)
        .episodeLogPerGeneration(perGeneration).taskFiles("gsm8k", "tasks.jsonl").heldOutFraction(0.0)
        .encoder(TrainingYaml.encoder(16)).pool("pool.yaml").load(dir.resolve("train-" + generations + ".yaml"));
  }

  @Test
  void eachGenerationKeepsItsSampleWholeWithTheSecretsRedactedAndAResumeWritesTheSame() throws Exception {
    Path whole = dir.resolve("whole");
    new TrainingJob(config(3, 5), whole.toString(), TrainingJob.Existing.FAIL).run();

    List<String> models = List.of("sim-mathwiz", "sim-scholar", "sim-generalist", "sim-checker");
    for (int g = 0; g < 3; g++) {
      List<String> lines = Files.readAllLines(whole.resolve(EpisodeLog.file(g)));
      assertEquals(5, lines.size(), "generation " + g);
      for (String text : lines) {
        JsonNode line = JSON.readTree(text);
        assertEquals(g, line.get("generation").asInt());
        assertTrue(line.get("question").asText().startsWith("Ticket " + JobSecrets.REDACTED + ": what is "), text);
        JsonNode turns = line.get("turns");
        assertTrue(turns.size() >= 1 && turns.size() <= 3, text);
        assertEquals(turns.size(), line.get("calls").asInt(), "one call per turn: " + text);
        for (JsonNode turn : turns) {
          assertTrue(models.contains(turn.get("model").asText()), text);
          assertTrue(Set.of("thinker", "worker", "verifier").contains(turn.get("role").asText()), text);
          assertFalse(turn.get("reply").asText().isEmpty(), text);
        }
        assertTrue(line.get("completion_tokens").asLong() > 0 && line.get("cost_usd").asDouble() > 0, text);
        double reward = line.get("reward").asDouble();
        assertTrue(reward == 0.0 || reward == 1.0, text);
        assertTrue(line.has("grade_reason") && line.has("extracted_answer") && line.has("fitness"), text);
        assertTrue(line.get("policy").asText().equals("mean") || line.get("candidate").asInt() < 4, text);
      }
    }
    assertFalse(Files.exists(whole.resolve(EpisodeLog.file(3))));
    String secret = System.getenv(TOKEN_ENV);
    try (Stream<Path> files = Files.walk(whole)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(secret),
            "the pool's token is in " + whole.relativize(file));
      }
    }

    Path resumed = dir.resolve("resumed");
    new TrainingJob(config(1, 5), resumed.toString(), TrainingJob.Existing.FAIL).run();
    new TrainingJob(config(3, 5), resumed.toString(), TrainingJob.Existing.RESUME).run();
    for (int g = 0; g < 3; g++) {
      assertArrayEquals(Files.readAllBytes(whole.resolve(EpisodeLog.file(g))),
          Files.readAllBytes(resumed.resolve(EpisodeLog.file(g))), "generation " + g + "'s log after a resume");
    }
  }

  @Test
  void theSampleIsDrawnFromTheSeedAndTheGenerationOnly() {
    int[] tasks = {7, 2, 9};
    EpisodeLog log = new EpisodeLog(4, 42, null, null, null);
    Set<EpisodeKey> first = log.sample(3, 5, tasks);

    assertEquals(first, new EpisodeLog(4, 42, null, null, null).sample(3, 5, tasks));
    assertEquals(4, first.size());
    assertTrue(first.stream().allMatch(k -> k.policy() < 5 && Set.of(7, 2, 9).contains(k.task())));
    assertNotEquals(first, log.sample(4, 5, tasks), "another generation draws another sample");
    assertEquals(15, new EpisodeLog(100, 42, null, null, null).sample(3, 5, tasks).size(), "at most every episode");
    assertTrue(new EpisodeLog(0, 42, null, null, null).sample(3, 5, tasks).isEmpty(), "0 keeps none");
  }
}
