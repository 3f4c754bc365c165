package io.trinity.fitness.task;

/** A line of a task file that cannot be read as a task of its benchmark; the message names source and line. */
public class TaskFormatException extends RuntimeException {

    TaskFormatException(String sourceName, int lineNumber, String problem, Throwable cause) {
        super(sourceName + ":" + lineNumber + ": " + problem, cause);
    }
}
