package io.trinity.fitness.sandbox;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one sandbox run executes: {@code python3} on {@link #MAIN} among read-only files, with the given stdin.
 *
 * @param files file name to UTF-8 content; must contain {@link #MAIN}; names are plain file names
 * @param stdin the whole standard input
 */
public record Program(Map<String, String> files, String stdin) {

    /** The file the interpreter runs. */
    public static final String MAIN = "main.py";

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    public Program {
        files = Map.copyOf(files);
        Objects.requireNonNull(stdin, "stdin");
        if (!files.containsKey(MAIN)) {
            throw new IllegalArgumentException("a program needs a " + MAIN + "; got " + files.keySet());
        }
        for (String name : files.keySet()) {
            if (!PLAIN_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("program file names must be plain names, got '" + name + "'");
            }
        }
    }

    /** A single-file program with empty stdin. */
    public static Program of(String main) {
        return new Program(Map.of(MAIN, main), "");
    }
}
