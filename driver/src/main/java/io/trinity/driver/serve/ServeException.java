package io.trinity.driver.serve;

/** A serving set-up the user must fix (a flag, a head, a bind address); the message names the flag or file. */
public final class ServeException extends RuntimeException {
  public ServeException(String message) {
    super(message);
  }

  public ServeException(String message, Throwable cause) {
    super(message, cause);
  }
}
