package io.trinity.fitness.task;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a benchmark's task file, plain or gzip, from a local path or any Hadoop FileSystem URI ({@code file:},
 * {@code hdfs://}, {@code s3a://}, ...). A bad row stops the load with its file and line, or, with
 * {@link Builder#skipBadRows}, is left out and reported in {@link LoadedTasks#skipped()}.
 */
public final class TaskFiles {

    private final Benchmark benchmark;
    private final boolean skipBadRows;
    private final Configuration hadoop;

    private TaskFiles(Builder builder) {
        this.benchmark = Objects.requireNonNull(builder.benchmark, "benchmark");
        this.skipBadRows = builder.skipBadRows;
        this.hadoop = builder.hadoop == null ? new Configuration() : builder.hadoop;
    }

    public static Builder builder(Benchmark benchmark) {
        return new Builder(benchmark);
    }

    /**
     * @param location a local path (relative to the working directory) or a Hadoop FileSystem URI
     * @throws TaskFormatException naming the file, and the line for a bad row, when the file is absent or a row does
     *                             not fit the schema (unless bad rows are skipped)
     */
    public LoadedTasks load(String location) {
        Path path = new Path(location);
        List<TaskFormatException> skipped = skipBadRows ? new ArrayList<>() : null;
        try (InputStream in = path.getFileSystem(hadoop).open(path)) {
            List<Task> tasks = JsonLines.read(in, location, benchmark::toTask, skipped);
            return new LoadedTasks(tasks, skipped == null ? List.of() : skipped);
        } catch (FileNotFoundException e) {
            throw new TaskFormatException(location, "task file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read task file " + location + ": " + e.getMessage(), e);
        }
    }

    /** Configures a {@link TaskFiles}; only the benchmark is required. */
    public static final class Builder {
        private final Benchmark benchmark;
        private boolean skipBadRows;
        private Configuration hadoop;

        private Builder(Benchmark benchmark) {
            this.benchmark = benchmark;
        }

        /** Leave out rows that are not valid JSON or do not fit the schema, and count them, instead of failing. */
        public Builder skipBadRows(boolean skip) {
            this.skipBadRows = skip;
            return this;
        }

        /** The Hadoop configuration that resolves URIs; a default one where none is given. */
        public Builder hadoop(Configuration configuration) {
            this.hadoop = configuration;
            return this;
        }

        public TaskFiles build() {
            return new TaskFiles(this);
        }
    }
}
