package io.trinity.gateway.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts under the calling module's {@code src/test/node} as real subprocesses, installing their
 * locked npm packages with {@code npm ci} first when {@code node_modules} is missing. Shared with the workers' and
 * the driver's tests through this module's test jar; each module keeps its own scripts and lock file.
 */
public final class NodeScripts {

    /** Relative to the folder the tests run in, which Maven makes the module's own. */
    public static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();

    /** A script that does not end by then is stuck: the driver's, which plays whole episodes, take the longest. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    private NodeScripts() {
    }

    /** Installs the locked packages unless {@code node_modules} is there. */
    public static void install() throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules"))) {
            exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        }
    }

    /** Runs {@code node SCRIPT ARGS...} and returns its stdout; a non-zero exit fails with stdout and stderr. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        return run(script, Map.of(), args);
    }

    /** As {@link #run(String, String...)} with {@code env} added to the script's environment. */
    public static String run(String script, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        install();
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return exec(command, env, SCRIPT_TIMEOUT_SECONDS);
    }

    private static String exec(List<String> command, Map<String, String> env, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("node-stderr", ".txt");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile())
                    .redirectError(stderr.toFile());
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
                throw new IllegalStateException(command + " exited with " + process.exitValue() + "\nstdout:\n"
                        + stdout + "\nstderr:\n" + Files.readString(stderr));
            }
            return stdout;
        } finally {
            Files.deleteIfExists(stderr);
        }
    }
}
