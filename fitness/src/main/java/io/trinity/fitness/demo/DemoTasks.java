package io.trinity.fitness.demo;

import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled demo task set: 120 GSM8K, 120 MATH-500 and 120 MMLU tasks, then 24 HumanEval and 24 MBPP tasks, in
 * that order (ATTRIBUTION.md next to the data files gives origin, licenses and which rows). The code tasks form
 * one category, {@value #CODE_CATEGORY}, graded by running their tests in the sandbox.
 */
public final class DemoTasks {

    /** The category of the demo's HumanEval and MBPP tasks. */
    public static final String CODE_CATEGORY = "code";

    /** {@code category}: the tasks' category, or null for the benchmark's own. */
    private record Part(String resource, Benchmark benchmark, String category) {
    }

    // The pool's skills are per category: one "code" skill reads better than two benchmark names of one skill.
    private static final List<Part> PARTS = List.of(
            new Part("gsm8k.jsonl", Benchmark.GSM8K, null),
            new Part("math500.jsonl", Benchmark.MATH, null),
            new Part("mmlu.jsonl", Benchmark.MMLU, null),
            new Part("humaneval.jsonl", Benchmark.HUMANEVAL, CODE_CATEGORY),
            new Part("mbpp.jsonl", Benchmark.MBPP, CODE_CATEGORY));

    private DemoTasks() {
    }

    public static List<Task> load() {
        List<Task> tasks = new ArrayList<>();
        for (Part part : PARTS) {
            try (InputStream in = DemoTasks.class.getResourceAsStream(part.resource())) {
                if (in == null) {
                    throw new IllegalStateException("demo resource " + part.resource() + " is not on the classpath");
                }
                for (Task task : part.benchmark().load(in, "demo/" + part.resource())) {
                    tasks.add(part.category() == null ? task : new Task(task.id(), task.benchmark(), part.category(),
                            task.prompt(), task.gold(), task.format(), task.codeTests()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read demo resource " + part.resource(), e);
            }
        }
        return List.copyOf(tasks);
    }
}
