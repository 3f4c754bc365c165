package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrinityCliTest {
  @TempDir
  Path dir;

  private record Outcome(int exitCode, String err) {}

  private static Outcome run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = TrinityCli.commandLine();
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Outcome(code, err.toString());
  }

  /** Runs {@code train} on a config file holding {@code yaml}. */
  private Outcome train(Path config, String yaml) throws Exception {
    Files.writeString(config, yaml);
    return run("train", "--config", config.toString(), "--out", dir.resolve("run").toString());
  }

  @Test
  void aBrokenConfigIsOneLineNamingFileLineAndKeyWithExitCode2() throws Exception {
    Path config = dir.resolve("train.yaml");
    Outcome outcome = train(config, "tasks:\n  bundled: demo\npool:\n  file: p.yaml\n  modles: [a]\n");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().startsWith("error: " + config + ":5: unknown key 'pool.modles'"), outcome.err());
    assertFalse(outcome.err().contains("\tat "), "no stack trace: " + outcome.err());
  }

  @Test
  void aMissingPoolFileIsNamed() throws Exception {
    Outcome outcome = train(dir.resolve("train.yaml"), "tasks:\n  bundled: demo\npool:\n  file: missing-pool.yaml\n");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains(dir.resolve("missing-pool.yaml").toString()), outcome.err());
  }

  @Test
  void aMissingRequiredOptionIsAUsageError() {
    Outcome outcome = run("train", "--config", "x.yaml");
    assertEquals(2, outcome.exitCode());
    assertTrue(outcome.err().contains("--out"), outcome.err());
  }
}
