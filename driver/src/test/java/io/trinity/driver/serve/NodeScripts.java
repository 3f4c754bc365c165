package io.trinity.driver.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts under {@code src/test/node} as subprocesses, installing their locked npm packages with
 * {@code npm ci} first when {@code node_modules} is missing (as the gateway's test does).
 */
final class NodeScripts {
  static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();

  private NodeScripts() {}

  /** Runs {@code node SCRIPT ARGS...} and returns its stdout; a non-zero exit fails with stdout and stderr. */
  static String run(String script, Map<String, String> env, String... args) throws IOException, InterruptedException {
    if (!Files.isDirectory(DIR.resolve("node_modules"))) {
      exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
    }
    List<String> command = new ArrayList<>(List.of("node", script));
    command.addAll(List.of(args));
    return exec(command, env, 180);
  }

  private static String exec(List<String> command, Map<String, String> env, long timeoutSeconds)
      throws IOException, InterruptedException {
    Path stderr = Files.createTempFile("node-stderr", ".txt");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectError(stderr.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(command + " ran longer than " + timeoutSeconds + " s");
      }
      String stdout = new String(out, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(command + " exited with " + process.exitValue() + "\nstdout:\n" + stdout
            + "\nstderr:\n" + Files.readString(stderr));
      }
      return stdout;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }
}
