package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.driver.train.TrainingFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad experiment file stops {@code trinity experiment} with one line and exit code 2, before any training. */
class ExperimentCommandTest {
  @TempDir
  Path dir;

  @Test
  void aBadAxisPathIsOneLineAndExitCodeTwo() throws Exception {
    TrainingFixtures.config(dir, 1, 4, 2, 8, "");
    Path file = dir.resolve("experiment.yaml");
    Files.writeString(file, "base: train.yaml\nseeds: [1]\naxes:\n  - {key: episode.max_turnz, values: [2]}\n");

    CliRun run = CliRun.of("experiment", "--config", file.toString(), "--out", dir.resolve("out").toString());

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: " + file + ": cell max_turnz=2 (train.yaml with episode.max_turnz: 2)"),
        run.err());
    assertTrue(run.err().contains("unknown key 'episode.max_turnz'"), run.err());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertFalse(Files.exists(dir.resolve("out")), "nothing is written before every cell's config is read");
  }
}
