package io.trinity.workers.encode.qwen3;

/** A model directory that cannot be loaded: the message names the file and the field or tensor at fault. */
public final class CheckpointException extends RuntimeException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
