package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code trinity serve} refuses before it serves anything: one line naming the flag, exit code 2. */
class ServeCommandTest {
  @TempDir
  Path dir;

  @Test
  void anAddressBeyondLoopbackWithoutATokenIsRefused() {
    CliRun run = CliRun.of("serve", "--head", dir.resolve("run").toString(), "--pool", "pool.yaml", "--host",
        "0.0.0.0");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: --host 0.0.0.0 is reachable from other machines"), run.err());
    assertTrue(run.err().contains("--api-key-env"), run.err());
  }

  @Test
  void aTokenVariableThatIsNotSetIsNamed() {
    CliRun run = CliRun.of("serve", "--head", dir.resolve("run").toString(), "--pool", "pool.yaml",
        "--api-key-env", "TRINITY_SERVE_TEST_UNSET_TOKEN");
    assertEquals(2, run.exitCode(), run.err());
    assertEquals("error: --api-key-env TRINITY_SERVE_TEST_UNSET_TOKEN: the environment variable is not set",
        run.err().strip());
  }

  @Test
  void moreNamesThanHeadsAreRefused() throws Exception {
    Path pool = dir.resolve("pool.yaml");
    Files.writeString(pool, "models:\n  - {name: sim-a, provider: sim, price: {input_per_mtok: 1, output_per_mtok: 1},"
        + " skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}}\n");
    CliRun run = CliRun.of("serve", "--head", dir.resolve("run").toString(), "--pool", pool.toString(),
        "--name", "a", "--name", "b");
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("--name given 2 times for 1 --head"), run.err());
  }
}
