package io.trinity.fitness.demo;

import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled demo task set: 120 GSM8K, 120 MATH-500 and 120 MMLU tasks, in that order (ATTRIBUTION.md next to
 * the data files gives origin, licenses and which rows).
 */
public final class DemoTasks {

    private record Part(String resource, Benchmark benchmark) {
    }

    private static final List<Part> PARTS = List.of(
            new Part("gsm8k.jsonl", Benchmark.GSM8K),
            new Part("math500.jsonl", Benchmark.MATH),
            new Part("mmlu.jsonl", Benchmark.MMLU));

    private DemoTasks() {
    }

    public static List<Task> load() {
        List<Task> tasks = new ArrayList<>();
        for (Part part : PARTS) {
            try (InputStream in = DemoTasks.class.getResourceAsStream(part.resource())) {
                if (in == null) {
                    throw new IllegalStateException("demo resource " + part.resource() + " is not on the classpath");
                }
                tasks.addAll(part.benchmark().load(in, "demo/" + part.resource()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read demo resource " + part.resource(), e);
            }
        }
        return List.copyOf(tasks);
    }
}
