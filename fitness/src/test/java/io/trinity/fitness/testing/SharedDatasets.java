package io.trinity.fitness.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The public benchmark files (system property {@code trinity.datasets}, set by the module's pom). */
public final class SharedDatasets {

    private SharedDatasets() {
    }

    /** The file under the data-set folder; the calling test is skipped, with the reason, where it is absent. */
    public static Path file(String relative) {
        String root = System.getProperty("trinity.datasets", "");
        assumeTrue(!root.isBlank(), "system property trinity.datasets is not set");
        Path path = Path.of(root).resolve(relative);
        assumeTrue(Files.isRegularFile(path), "no shared data set at " + path);
        return path;
    }

    public static List<Task> load(String relative, Benchmark benchmark) {
        Path path = file(relative);
        try (InputStream in = Files.newInputStream(path)) {
            return benchmark.load(in, relative);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
