package io.trinity.driver.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Executes a notebook with Debian's nbconvert in a kernel of Debian's Python, as a user does with
 * {@code jupyter nbconvert --execute}. Errors are kept in the executed copy ({@code --allow-errors}) so that a failure
 * can name its cell.
 */
final class Nbconvert {
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final String PACKAGES = "python3-nbconvert python3-ipykernel python3-matplotlib python3-pandas";
  private static final String KERNEL = "trinity-test-python3";
  private static final long TIMEOUT_SECONDS = 180;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Nbconvert() {}

  /** Fails naming the Debian packages when nbconvert or what the notebooks import is not installed. */
  static void requireInstalled(Path scratch) throws IOException, InterruptedException {
    // CI installs them (.ci/run); a test that skipped here would let a notebook go stale unnoticed.
    assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing: install Debian's python3 and " + PACKAGES
        + " (apt-get install --no-install-recommends ...), as .ci/run does");
    Path log = scratch.resolve("python-imports.txt");
    Process python = new ProcessBuilder(PYTHON.toString(), "-c", "import nbconvert, ipykernel, matplotlib, pandas")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(python.waitFor(60, TimeUnit.SECONDS), PYTHON + " did not finish importing nbconvert in 60 s");
    assertEquals(0, python.exitValue(), PYTHON + " cannot import what the notebooks need: install Debian's "
        + PACKAGES + " (apt-get install --no-install-recommends ...), as .ci/run does; it said:\n"
        + Files.readString(log));
  }

  /**
   * Runs {@code notebook} with {@code env} added to the kernel's environment and returns the executed copy, written
   * under {@code scratch}. Fails when nbconvert itself fails or runs too long; cell errors are in the copy.
   */
  static ExecutedNotebook execute(Path notebook, Map<String, String> env, Path scratch)
      throws IOException, InterruptedException {
    String name = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
    Path work = Files.createDirectories(scratch.resolve("nbconvert-" + name + "-" + System.nanoTime()));
    Path jupyter = kernelSpec(work.resolve("jupyter"));
    Path out = Files.createDirectories(work.resolve("out"));
    Path log = work.resolve("nbconvert.log");
    ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-m", "nbconvert", "--to", "notebook",
        "--execute", "--allow-errors", "--ExecutePreprocessor.kernel_name=" + KERNEL,
        "--ExecutePreprocessor.timeout=120", "--output-dir", out.toString(), "--output", name, notebook.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    // Only the spec written here is found first, and nothing of the user's Jupyter, IPython or matplotlib
    // configuration (a backend that draws nothing, say) changes what runs.
    environment.put("JUPYTER_PATH", jupyter.toString());
    environment.put("JUPYTER_CONFIG_DIR", Files.createDirectories(work.resolve("jupyter-config")).toString());
    environment.put("JUPYTER_RUNTIME_DIR", Files.createDirectories(work.resolve("jupyter-runtime")).toString());
    environment.put("IPYTHONDIR", Files.createDirectories(work.resolve("ipython")).toString());
    // Shared by the executions so that matplotlib builds its font cache once.
    environment.put("MPLCONFIGDIR", Files.createDirectories(scratch.resolve("matplotlib")).toString());
    environment.remove("MPLBACKEND");
    environment.put("PYTHONNOUSERSITE", "1");
    environment.put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
    environment.putAll(env);
    Process nbconvert = builder.start();
    if (!nbconvert.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      nbconvert.descendants().forEach(ProcessHandle::destroyForcibly);
      nbconvert.destroyForcibly().waitFor();
      fail("nbconvert ran longer than " + TIMEOUT_SECONDS + " s on " + notebook + "; it said:\n"
          + Files.readString(log));
    }
    String said = Files.readString(log);
    assertEquals(0, nbconvert.exitValue(), "nbconvert failed on " + notebook + "; it said:\n" + said);
    Path executed = out.resolve(name + ".ipynb");
    assertTrue(Files.isRegularFile(executed), "nbconvert wrote no " + executed + "; it said:\n" + said);
    return new ExecutedNotebook(notebook, JSON.readTree(executed.toFile()), said);
  }

  /**
   * A kernel of Debian's Python named explicitly: the {@code python3} found first on PATH may be another Python
   * without these packages. Deprecations pandas and matplotlib announce to users are errors, so a notebook that
   * relies on one fails here before the next Debian release breaks it.
   */
  private static Path kernelSpec(Path jupyter) throws IOException {
    Path spec = Files.createDirectories(jupyter.resolve("kernels").resolve(KERNEL));
    ObjectNode kernel = JSON.createObjectNode();
    ArrayNode argv = kernel.putArray("argv");
    List.of(PYTHON.toString(), "-m", "ipykernel_launcher", "-f", "{connection_file}").forEach(argv::add);
    kernel.put("display_name", "Debian Python 3 (Trinity tests)");
    kernel.put("language", "python");
    kernel.putObject("env").put("PYTHONWARNINGS", "error::FutureWarning");
    Files.writeString(spec.resolve("kernel.json"), JSON.writeValueAsString(kernel));
    return jupyter;
  }
}
