package io.trinity.fitness.sandbox;

/** The sandbox itself failed (not the code it ran): missing tools, unusable isolation, an I/O error. */
public class SandboxException extends RuntimeException {

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
