package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrinityCliTest {
  @TempDir
  Path dir;

  /** Runs {@code train} on a config file holding {@code yaml}. */
  private CliRun train(Path config, String yaml) throws Exception {
    Files.writeString(config, yaml);
    return CliRun.of("train", "--config", config.toString(), "--out", dir.resolve("run").toString());
  }

  @Test
  void aBrokenConfigIsOneLineNamingFileLineAndKeyWithExitCode2() throws Exception {
    Path config = dir.resolve("train.yaml");
    CliRun outcome = train(config, "tasks:\n  bundled: demo\npool:\n  file: p.yaml\n  modles: [a]\n");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().startsWith("error: " + config + ":5: unknown key 'pool.modles'"), outcome.err());
    assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
  }

  @Test
  void aMissingPoolFileIsNamed() throws Exception {
    CliRun outcome = train(dir.resolve("train.yaml"), "tasks:\n  bundled: demo\npool:\n  file: missing-pool.yaml\n");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains(dir.resolve("missing-pool.yaml").toString()), outcome.err());
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    CliRun outcome = CliRun.of("train", "--config", "x.yaml");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains("--out"), outcome.err());
  }
}
