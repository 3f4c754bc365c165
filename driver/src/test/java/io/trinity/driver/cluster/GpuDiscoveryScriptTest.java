package io.trinity.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.driver.train.TrainingFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cluster-configs/gpu/discover-gpus.sh, run with a fake nvidia-smi on PATH, prints what Spark's discovery reads. */
class GpuDiscoveryScriptTest {
  private static final Path SCRIPT = TrainingFixtures.repoFile("cluster-configs/gpu/discover-gpus.sh");

  @TempDir Path bin;

  @Test
  void printsTheIndicesNvidiaSmiReportsAsSparksGpuResourceJson() throws Exception {
    fakeNvidiaSmi("printf '0\\n1\\n3\\n'");
    Result result = run(bin.toString());
    assertEquals(0, result.code(), result.stderr());
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertEquals("gpu", json.get("name").asText());
    List<String> addresses = new ArrayList<>();
    json.get("addresses").forEach(a -> addresses.add(a.textValue()));
    assertEquals(List.of("0", "1", "3"), addresses, "addresses are JSON strings, in nvidia-smi's order");
  }

  @Test
  void failsNamingNvidiaSmiWhenItIsNotOnThePath() throws Exception {
    Result result = run(bin.toString());
    assertEquals(1, result.code());
    assertEquals("", result.stdout());
    assertTrue(result.stderr().contains("nvidia-smi not found"), result.stderr());
  }

  @Test
  void failsWhenNvidiaSmiReportsNoGpuOrSomethingElse() throws Exception {
    fakeNvidiaSmi("true");
    Result none = run(bin.toString());
    assertEquals(1, none.code());
    assertTrue(none.stderr().contains("reports no GPU"), none.stderr());

    fakeNvidiaSmi("echo 'NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver'");
    Result garbage = run(bin.toString());
    assertEquals(1, garbage.code());
    assertTrue(garbage.stderr().contains("expected a GPU index"), garbage.stderr());
  }

  private void fakeNvidiaSmi(String body) throws IOException {
    Path fake = bin.resolve("nvidia-smi");
    Files.writeString(fake, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Result(int code, String stdout, String stderr) {}

  // PATH is only the fake's directory (the script needs nothing but bash builtins), so a real nvidia-smi on the
  // machine cannot answer.
  private static Result run(String path) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("/bin/bash", SCRIPT.toString());
    builder.environment().put("PATH", path);
    Process process = builder.start();
    process.getOutputStream().close();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "discover-gpus.sh hangs");
    return new Result(process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
