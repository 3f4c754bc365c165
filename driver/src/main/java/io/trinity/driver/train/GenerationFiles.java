package io.trinity.driver.train;

import io.trinity.gateway.http.DaemonThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes a run's per-generation files (the episode sample, metrics.jsonl, the checkpoint) on one thread of their
 * own, in the order they were handed over, so that the next generation's round plays while the last one's files
 * are written: through Hadoop's checksummed local file system that took about 50 ms of every generation of the
 * demo-size training at load 5 (docs/BENCHMARKS.md, "Validation in the next round"), on HDFS or an object store
 * more. Order keeps a crash safe: a checkpoint is written after its generation's metrics, every file is replaced
 * atomically, and after a failed write nothing later is written, so the files on disk are always those of some
 * whole generation or the one after it (whose extra metrics line a resume drops).
 */
final class GenerationFiles implements AutoCloseable {
  /** One file's write. */
  @FunctionalInterface
  interface Write {
    void run() throws IOException;
  }

  private final ExecutorService thread = Executors.newSingleThreadExecutor(DaemonThreads.named("run-files"));
  private CompletableFuture<Void> written = CompletableFuture.completedFuture(null);
  /** The first failed write; set on the writing thread, read after {@link #written} completes. */
  private RuntimeException failure;

  /** Queues {@code write} after those before it; throws the failure of an earlier one, if any. */
  void submit(Write write) {
    if (written.isDone()) {
      drain();
    }
    written = written.thenRunAsync(() -> {
      if (failure != null) {
        return; // nothing is written after a failed write
      }
      try {
        write.run();
      } catch (IOException e) {
        failure = new UncheckedIOException(e);
      } catch (RuntimeException e) {
        failure = e;
      }
    }, thread);
  }

  /** Waits until every queued write is done; throws the first that failed. */
  void drain() {
    written.join();
    if (failure != null) {
      throw failure;
    }
  }

  /** Writes what is queued, then stops the thread. */
  @Override
  public void close() {
    try {
      drain();
    } finally {
      thread.shutdown();
    }
  }
}
