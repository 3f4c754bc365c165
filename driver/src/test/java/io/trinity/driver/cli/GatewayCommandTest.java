package io.trinity.driver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code trinity gateway} beyond loopback without a token: refused in one line naming the pool file, exit code 2. */
class GatewayCommandTest {
  @TempDir
  Path dir;

  @Test
  void anAddressBeyondLoopbackWithoutATokenIsRefused() throws Exception {
    Path pool = Files.writeString(dir.resolve("pool.yaml"), "models:\n  - {name: sim-a, provider: sim, price: "
        + "{input_per_mtok: 1, output_per_mtok: 1}, skills: {default: {thinker: 0.5, worker: 0.5, verifier: 0.5}}}\n");
    CliRun run = CliRun.of("gateway", "--pool", pool.toString(), "--host", "0.0.0.0", "--port", "0");

    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().startsWith("error: " + pool + ": the gateway would listen on 0.0.0.0"), run.err());
    assertTrue(run.err().contains("allow_unauthenticated: true"), run.err());
  }
}
