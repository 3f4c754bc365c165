package io.trinity.fitness.code;

import java.util.Objects;

/**
 * One input/output test of a program: stdin and expected stdout, or for a function call the JSON arguments (one
 * per line) and the JSON result.
 */
public record TestCase(String input, String output) {

    public TestCase {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }
}
