package io.trinity.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.api.Precedence;
import io.trinity.workers.episode.TurnErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final String MINIMAL = """
      tasks:
        bundled: demo
      pool:
        file: pools/sim.yaml
      """;

  @Test
  void minimalConfigGetsDefaults() {
    TrainingConfig config = ConfigLoader.parse(MINIMAL, "minimal.yaml");
    assertEquals(30, config.run().generations());
    assertEquals(16, config.run().tasksPerGeneration());
    assertEquals(3, config.episode().maxTurns());
    assertEquals("local[*]", config.spark().master());
    assertEquals("127.0.0.1", config.gateway().bindHost());
    assertEquals(0.5, config.tasks().heldOutFraction());
  }

  @Test
  void episodeValuesFillThePoolEntriesUnlessTheyOverrideThemOnPurpose() {
    assertEquals(Precedence.MODEL, ConfigLoader.parse(MINIMAL, "minimal.yaml").episode().settings().precedence());
    TrainingConfig overriding = ConfigLoader.parse(MINIMAL + "episode:\n  override_model_defaults: true\n", "o.yaml");
    assertEquals(Precedence.REQUEST, overriding.episode().settings().precedence());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(MINIMAL + "episode:\n  override_model_defaults: sometimes\n", "o.yaml"));
    assertTrue(e.getMessage().contains("'episode.override_model_defaults'"), e.getMessage());
  }

  @Test
  void failedTurnsGoOnAndFailedEpisodesArePlayedAgainByDefault() {
    FailurePolicy defaults = ConfigLoader.parse(MINIMAL, "minimal.yaml").episode().failures();
    assertEquals(TurnErrors.CONTINUE, defaults.onTurnError());
    assertEquals(2, defaults.failedEpisodeRetries());
    assertEquals(Duration.ofSeconds(30), defaults.failedEpisodeWait());
    FailurePolicy set = ConfigLoader.parse(MINIMAL + "episode:\n  on_turn_error: end_episode\n"
        + "  failed_episode_retries: 0\n  failed_episode_wait_s: 1.5\n", "f.yaml").episode().failures();
    assertEquals(new FailurePolicy(TurnErrors.END_EPISODE, 0, Duration.ofMillis(1500)), set);
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(MINIMAL + "episode:\n  on_turn_error: retry\n", "f.yaml"));
    assertTrue(e.getMessage().contains("episode.on_turn_error must be continue or end_episode, got 'retry'"),
        e.getMessage());
  }

  @Test
  void unknownKeyNamesFileLineAndKeyPath() {
    String yaml = """
        run:
          generations: 5
          generashuns: 7
        tasks:
          bundled: demo
        pool:
          file: p.yaml
        """;
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "train.yaml"));
    assertTrue(e.getMessage().startsWith("train.yaml:3"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown key 'run.generashuns'"), e.getMessage());
    assertTrue(e.getMessage().contains("generations"), "lists the known keys: " + e.getMessage());
  }

  @Test
  void badValueNamesKeyAndExpectation() {
    String yaml = MINIMAL + "run:\n  generations: 0\n";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "train.yaml"));
    assertTrue(e.getMessage().contains("run.generations must be at least 1, got 0"), e.getMessage());
  }

  @Test
  void wrongTypeNamesKey() {
    String yaml = MINIMAL + "episode:\n  max_turns: many\n";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "train.yaml"));
    assertTrue(e.getMessage().contains("'episode.max_turns'"), e.getMessage());
  }

  @Test
  void missingSectionIsNamed() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("tasks:\n  bundled: demo\n", "train.yaml"));
    assertTrue(e.getMessage().contains("pool is required"), e.getMessage());
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
  }

  @Test
  void relativePathsResolveAgainstTheConfigFolder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("train/run.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(file, """
        tasks:
          files:
            - {benchmark: gsm8k, path: ../data/gsm8k.jsonl}
            - {benchmark: mmlu, path: "hdfs:///data/mmlu.jsonl"}
        pool:
          file: ../pools/sim.yaml
        """);
    TrainingConfig config = ConfigLoader.load(file);
    assertEquals(dir.resolve("pools/sim.yaml").toString(), config.pool().file());
    assertEquals(dir.resolve("data/gsm8k.jsonl").toString(), config.tasks().files().get(0).path());
    assertEquals("hdfs:///data/mmlu.jsonl", config.tasks().files().get(1).path());
  }

  @Test
  void aKeyGivenTwiceIsAnError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(MINIMAL + "pool:\n  file: other.yaml\n", "train.yaml"));
    assertTrue(e.getMessage().contains("pool"), e.getMessage());
    assertTrue(e.getMessage().contains("train.yaml"), e.getMessage());
  }

  @Test
  void gatewayPortFixesTheInProcessGatewaysPort() {
    assertEquals(0, ConfigLoader.parse(MINIMAL, "train.yaml").gateway().port(), "0, a free port, by default");
    assertEquals(8123, ConfigLoader.parse(MINIMAL + "gateway:\n  port: 8123\n", "train.yaml").gateway().port());
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(MINIMAL + "gateway:\n  port: 70000\n", "train.yaml"));
    assertTrue(e.getMessage().startsWith("train.yaml:"), e.getMessage());
    assertTrue(e.getMessage().contains("gateway.port must be in [0, 65535], got 70000"), e.getMessage());
  }

  @Test
  void keysOfTheOtherKindOfGatewayAreErrors() {
    ConfigException withUrl = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL
        + "gateway:\n  url: http://gw:8080/v1\n  port: 8123\n", "train.yaml"));
    assertTrue(withUrl.getMessage().contains("gateway.port sets up the in-process gateway, and with gateway.url"),
        withUrl.getMessage());
    ConfigException withoutUrl = assertThrows(ConfigException.class, () -> ConfigLoader.parse(MINIMAL
        + "gateway:\n  api_key_env: GW_TOKEN\n", "train.yaml"));
    assertTrue(withoutUrl.getMessage().contains("gateway.api_key_env is the token of the external gateway"),
        withoutUrl.getMessage());
  }
}
