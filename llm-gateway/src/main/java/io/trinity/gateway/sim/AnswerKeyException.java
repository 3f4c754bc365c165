package io.trinity.gateway.sim;

/** An answer key file that cannot be read; the message names {@code file:line} and the field. */
public final class AnswerKeyException extends RuntimeException {

    public AnswerKeyException(String message) {
        super(message);
    }

    public AnswerKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
