package io.trinity.fitness.sandbox;

/**
 * The sandbox cannot be built on this machine as configured (a missing tool, bubblewrap that does not work): the
 * machine's setup or the configuration must change, and the message says how.
 */
public final class SandboxUnavailableException extends SandboxException {

    public SandboxUnavailableException(String message) {
        super(message, null);
    }
}
