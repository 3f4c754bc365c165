package io.trinity.fitness.task;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a task's final answer is given and graded. */
public enum AnswerFormat {
    NUMBER("number", "Put the final answer in \\boxed{}."),
    CHOICE("choice", "End with a line 'Answer: X' where X is the letter of the correct option."),
    MATH("math", "Put the final answer in \\boxed{}."),
    CODE("code", "Give the complete solution in one ```python fenced code block.");

    private final String wireName;
    private final String instruction;

    AnswerFormat(String wireName, String instruction) {
        this.wireName = wireName;
        this.instruction = instruction;
    }

    /** The name used in answer keys and other files ("number", "choice", "math", "code"). */
    public String wireName() {
        return wireName;
    }

    /** The sentence that tells a Worker how to give its final answer. */
    public String instruction() {
        return instruction;
    }

    public static AnswerFormat fromWireName(String name) {
        for (AnswerFormat format : values()) {
            if (format.wireName.equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown answer format '" + name + "'; expected one of "
                + Arrays.stream(values()).map(AnswerFormat::wireName).collect(Collectors.joining(", ")));
    }
}
