package io.trinity.workers.export;

/** An export that cannot be read or does not fit: the message names the file and the field at fault. */
public final class ExportException extends RuntimeException {
  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
