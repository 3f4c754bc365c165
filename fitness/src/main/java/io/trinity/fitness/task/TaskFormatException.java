package io.trinity.fitness.task;

/**
 * A task file that cannot be read as tasks of its benchmark; the message names the source and, for a bad row, its
 * line.
 */
public class TaskFormatException extends RuntimeException {

    TaskFormatException(String sourceName, int lineNumber, String problem, Throwable cause) {
        super(sourceName + ":" + lineNumber + ": " + problem, cause);
    }

    /** A problem with the file as a whole, such as its absence. */
    TaskFormatException(String sourceName, String problem, Throwable cause) {
        super(sourceName + ": " + problem, cause);
    }
}
