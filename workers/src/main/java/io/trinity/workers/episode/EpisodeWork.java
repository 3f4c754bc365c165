package io.trinity.workers.episode;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that encode transcripts and grade answers. A Qwen3 forward or a sandbox run takes up to seconds;
 * on the HTTP client's completion threads it would hold up the replies of every other call in flight. Threads are
 * created as episodes need them (the episodes in flight bound how many wait at once) and end when idle; they are
 * daemons, so they never keep a JVM alive.
 */
final class EpisodeWork {
  static final String THREAD_PREFIX = "trinity-episode-work-";

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ThreadFactory FACTORY = task -> {
    Thread thread = new Thread(task, THREAD_PREFIX + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  };

  static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(FACTORY);

  private EpisodeWork() {}
}
