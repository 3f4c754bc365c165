package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference solutions of the shared HumanEval and MBPP files, graded through the full path (a fenced reply,
 * extraction, the sandbox). The data sets' folder comes from the {@code trinity.datasets} system property.
 */
class CodeDatasetsTest {

    private static Sandbox sandbox;
    private static CodeGrader grader;
    private static ExecutorService pool;

    @BeforeAll
    static void startSandbox() {
        // Grading agreement does not depend on the isolation; HostileCodeTest and SandboxTest insist on bubblewrap.
        sandbox = Sandbox.builder().build();
        grader = new CodeGrader(sandbox);
        // More callers than sandbox slots, so a slot never waits for the next request.
        pool = Executors.newFixedThreadPool(2 * sandbox.parallelism());
    }

    @AfterAll
    static void stopPool() {
        pool.shutdownNow();
    }

    static List<Task> load(Benchmark benchmark, String file) throws IOException {
        String folder = System.getProperty("trinity.datasets");
        assertTrue(folder != null, "set -Dtrinity.datasets to the shared data sets folder (fitness/pom.xml does)");
        Path path = Path.of(folder, file);
        assertTrue(Files.isRegularFile(path), "the shared data set " + path + " is missing");
        try (InputStream in = Files.newInputStream(path)) {
            return benchmark.load(in, file);
        }
    }

    /** The reply a model would give: the reference in a python fence. */
    static String fenced(String code) {
        return "Here is my solution.\n\n```python\n" + code.stripTrailing() + "\n```\n";
    }

    private static List<String> failures(int count, IntFunction<Task> task, IntFunction<String> reply,
            boolean expectCorrect) {
        List<CompletableFuture<String>> verdicts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            verdicts.add(CompletableFuture.supplyAsync(() -> {
                Task graded = task.apply(index);
                Grade grade = grader.grade(graded, reply.apply(index));
                return grade.correct() == expectCorrect ? null : graded.id() + ": " + grade.reason();
            }, pool));
        }
        return verdicts.stream().map(CompletableFuture::join).filter(r -> r != null).collect(Collectors.toList());
    }

    @Test
    void everyHumanEvalCanonicalSolutionPasses() throws IOException {
        List<Task> tasks = load(Benchmark.HUMANEVAL, "humaneval/HumanEval.jsonl.gz");
        assertEquals(164, tasks.size());
        assertEquals(List.of(), failures(tasks.size(), tasks::get, i -> fenced(tasks.get(i).gold()), true));
    }

    /** Problem i's tests run on problem i+1's prompt and canonical solution (the last wraps to the first). */
    @Test
    void everyHumanEvalSolutionFailsTheNextProblemsTests() throws IOException {
        List<Task> tasks = load(Benchmark.HUMANEVAL, "humaneval/HumanEval.jsonl.gz");
        IntFunction<Task> swapped = i -> {
            Task next = tasks.get((i + 1) % tasks.size());
            Task own = tasks.get(i);
            return new Task(own.id() + "+next", own.benchmark(), own.category(), next.prompt(), next.gold(),
                    own.format(), CodeTests.asserts(next.prompt(), own.codeTests().testCode()));
        };
        assertEquals(List.of(), failures(tasks.size(), swapped,
                i -> fenced(tasks.get((i + 1) % tasks.size()).gold()), false));
    }

    @Test
    void everyMbppSanitizedReferenceSolutionPasses() throws IOException {
        List<Task> tasks = load(Benchmark.MBPP, "mbpp_sanitized/test.jsonl");
        assertEquals(257, tasks.size());
        assertEquals(List.of(), failures(tasks.size(), tasks::get, i -> fenced(tasks.get(i).gold()), true));
    }

    @Test
    void mbppReferencesFailWithTheirAssertsSwapped() throws IOException {
        List<Task> tasks = load(Benchmark.MBPP, "mbpp_sanitized/test.jsonl");
        List<Integer> sample = IntStream.range(0, tasks.size()).filter(i -> i % 8 == 0).boxed().toList();
        IntFunction<Task> swapped = i -> {
            Task own = tasks.get(sample.get(i));
            Task next = tasks.get((sample.get(i) + 1) % tasks.size());
            return new Task(own.id() + "+next", own.benchmark(), own.category(), own.prompt(), own.gold(),
                    own.format(), next.codeTests());
        };
        assertEquals(List.of(), failures(sample.size(), swapped, i -> fenced(tasks.get(sample.get(i)).gold()), false));
    }
}
