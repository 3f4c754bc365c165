package io.trinity.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens a page in Debian's headless Chromium, saves a screenshot and returns what the page wrote to its console.
 * Chromium logs console messages to stderr as lines with {@code CONSOLE} when asked to ({@code --enable-logging
 * --v=0}); uncaught script errors are among them.
 */
final class HeadlessChromium {
  static final Path EXECUTABLE = Path.of("/usr/bin/chromium");
  private static final long TIMEOUT_SECONDS = 60;

  private HeadlessChromium() {}

  /** The console lines of {@code page}, after its screenshot at {@code width x height} went to {@code png}. */
  static List<String> screenshot(Path page, Path png, int width, int height, Path scratch)
      throws IOException, InterruptedException {
    // CI installs it (.ci/run); a test that skipped here would let a broken report pass unnoticed.
    assertTrue(Files.isExecutable(EXECUTABLE), EXECUTABLE + " is missing: install Debian's chromium package "
        + "(apt-get install --no-install-recommends chromium), as .ci/run does");
    Path profile = Files.createDirectories(scratch.resolve("chromium-profile"));
    Path stderr = scratch.resolve("chromium-stderr.txt");
    Process chromium = new ProcessBuilder(EXECUTABLE.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
        "--window-size=" + width + "," + height, "--screenshot=" + png, page.toUri().toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(stderr.toFile()).start();
    if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      chromium.descendants().forEach(ProcessHandle::destroyForcibly);
      chromium.destroyForcibly().waitFor();
      fail("Chromium ran longer than " + TIMEOUT_SECONDS + " s on " + page + "; its stderr:\n"
          + Files.readString(stderr));
    }
    String log = Files.readString(stderr);
    assertEquals(0, chromium.exitValue(), "Chromium failed on " + page + "; its stderr:\n" + log);
    return log.lines().filter(line -> line.contains(":CONSOLE")).toList();
  }
}
