package io.trinity.workers.episode;

import io.trinity.workers.head.Decision;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The sampling seed of a call: a function of the task, the decisions up to and including this turn's, and the
 * sample index. Candidates that make the same decisions send identical requests, so they get identical replies
 * (and response-cache hits): common random numbers lower the noise of ranking candidates.
 */
final class CallSeeds {
  private CallSeeds() {}

  static long seed(String taskId, List<Decision> decisions, int sampleIndex) {
    StringBuilder key = new StringBuilder(taskId).append('#').append(sampleIndex);
    for (Decision d : decisions) {
      key.append('|').append(d.model()).append(':').append(d.role().ordinal());
    }
    byte[] digest = sha256(key.toString().getBytes(StandardCharsets.UTF_8));
    long seed = 0;
    for (int i = 0; i < 8; i++) {
      seed = (seed << 8) | (digest[i] & 0xff);
    }
    // Non-negative and below 2^53 so that every JSON reader keeps it exact.
    return seed >>> 11;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
