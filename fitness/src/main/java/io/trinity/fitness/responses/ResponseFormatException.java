package io.trinity.fitness.responses;

/** A line of a responses file that cannot be graded; the message names the file and the line. */
public class ResponseFormatException extends RuntimeException {

    ResponseFormatException(String sourceName, int lineNumber, String problem) {
        super(sourceName + ":" + lineNumber + ": " + problem);
    }
}
