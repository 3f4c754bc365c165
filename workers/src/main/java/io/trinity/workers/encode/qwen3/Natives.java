package io.trinity.workers.encode.qwen3;

/**
 * DJL's native libraries (PyTorch, its JNI bridge, the tokenizers) come from the Maven Central jars on the
 * classpath. Unless told otherwise, DJL would download missing ones at run time; executors must never do that.
 */
final class Natives {
  static final String OFFLINE = "ai.djl.offline";

  private Natives() {}

  /** Turns DJL's offline mode on unless the JVM was started with an explicit setting. */
  static void offline() {
    if (System.getProperty(OFFLINE) == null) {
      System.setProperty(OFFLINE, "true");
    }
  }
}
