package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loads the full benchmark files (the copies under src/test/datasets, see their README). */
class SharedDatasetsTest {

    private static final Path DATASETS = Path.of(System.getProperty("trinity.datasets", "src/test/datasets"));

    @ParameterizedTest
    @CsvSource({
            "gsm8k/test.jsonl, GSM8K, 1319",
            "math500/test.jsonl, MATH, 500",
            "aime2024/test.jsonl, AIME, 30",
            "mmlu/test_sample.jsonl, MMLU, 667",
            "humaneval/HumanEval.jsonl.gz, HUMANEVAL, 164",
            "mbpp_sanitized/test.jsonl, MBPP, 257"})
    void loadsEveryRowWithDistinctIds(String file, Benchmark benchmark, int rows) throws IOException {
        Path path = DATASETS.resolve(file);
        assumeTrue(Files.isRegularFile(path), "no shared data set at " + path);
        List<Task> tasks;
        try (InputStream in = Files.newInputStream(path)) {
            tasks = benchmark.load(in, file);
        }
        assertEquals(rows, tasks.size());
        Set<String> ids = tasks.stream().map(Task::id).collect(Collectors.toSet());
        assertEquals(rows, ids.size());
        for (Task task : tasks) {
            assertEquals(benchmark.wireName(), task.benchmark());
            assertEquals(benchmark.format(), task.format());
            assertTrue(!task.prompt().isBlank() && !task.gold().isBlank(), task.id());
        }
        if (benchmark == Benchmark.AIME) {
            assertTrue(tasks.stream().allMatch(t -> t.gold().matches("0|[1-9]\\d*")), "AIME golds without padding");
        }
        if (benchmark == Benchmark.HUMANEVAL) {
            assertEquals("HumanEval/163", tasks.get(163).id());
        }
    }
}
