package io.trinity.driver.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GenerationFilesTest {
  @Test
  void writesOnItsOwnThreadInTheOrderHandedOverAndDrainsOnClose() throws Exception {
    List<String> done = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    try (GenerationFiles files = new GenerationFiles()) {
      files.submit(() -> {
        threads.add(Thread.currentThread());
        await(release);
        done.add("episodes");
      });
      files.submit(() -> done.add("metrics"));
      files.submit(() -> done.add("checkpoint"));
      // The caller goes on while the first write waits: nothing is written on its thread.
      assertEquals(List.of(), done);
      release.countDown();
    }
    assertEquals(List.of("episodes", "metrics", "checkpoint"), done);
    assertNotEquals(Thread.currentThread(), threads.get(0));
  }

  @Test
  void nothingIsWrittenAfterAFailedWriteAndTheFailureReachesTheCaller() {
    List<String> done = new CopyOnWriteArrayList<>();
    GenerationFiles files = new GenerationFiles();
    IOException disk = new IOException("disk full");
    CountDownLatch queued = new CountDownLatch(1);
    files.submit(() -> done.add("episodes"));
    files.submit(() -> {
      await(queued);
      throw disk;
    });
    files.submit(() -> done.add("checkpoint"));
    queued.countDown();
    UncheckedIOException drained = assertThrows(UncheckedIOException.class, files::drain);
    assertSame(disk, drained.getCause());
    assertEquals(List.of("episodes"), done);
    // A later write is refused with the same failure, and closing reports it too.
    UncheckedIOException refused = assertThrows(UncheckedIOException.class,
        () -> files.submit(() -> done.add("next generation")));
    assertSame(disk, refused.getCause());
    assertThrows(UncheckedIOException.class, files::close);
    assertEquals(List.of("episodes"), done);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS), "the test never released the write");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
