package io.trinity.fitness.task;

import io.trinity.fitness.code.CodeTests;
import java.io.Serializable;
import java.util.Objects;

/**
 * One query of a benchmark.
 *
 * @param id        the data set's own id, or {@code <benchmark>/<line>} where it has none
 * @param benchmark the benchmark's wire name ("gsm8k", "math", ...)
 * @param category  the skill category; for now the benchmark's wire name
 * @param prompt    the exact query text shown to LLMs
 * @param gold      the gold answer: a number, an option letter, a LaTeX answer or a reference solution
 * @param format    how the answer is given and graded
 * @param codeTests the hidden tests of a {@link AnswerFormat#CODE} task; null for every other format
 */
public record Task(String id, String benchmark, String category, String prompt, String gold, AnswerFormat format,
        CodeTests codeTests) implements Serializable {

    /** A task without code tests. */
    public Task(String id, String benchmark, String category, String prompt, String gold, AnswerFormat format) {
        this(id, benchmark, category, prompt, gold, format, null);
    }

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(gold, "gold");
        Objects.requireNonNull(format, "format");
        if (codeTests != null && format != AnswerFormat.CODE) {
            throw new IllegalArgumentException("task " + id + ": only code tasks carry code tests");
        }
    }
}
