package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskRecordsTest {
    private static final Path DATASETS = Path.of(System.getProperty("trinity.datasets", "src/test/datasets"));

    @Test
    void everyBenchmarksTasksLoadBackAsTheSameTasks() throws IOException {
        List<Task> tasks = new ArrayList<>();
        tasks.addAll(load("gsm8k/test.jsonl", Benchmark.GSM8K));
        tasks.addAll(load("math500/test.jsonl", Benchmark.MATH));
        tasks.addAll(load("mmlu/test_sample.jsonl", Benchmark.MMLU));
        tasks.addAll(load("humaneval/HumanEval.jsonl.gz", Benchmark.HUMANEVAL));
        tasks.addAll(load("mbpp_sanitized/test.jsonl", Benchmark.MBPP));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TaskRecords.write(tasks, out);

        List<Task> back = Benchmark.TRINITY.load(new ByteArrayInputStream(out.toByteArray()), "held-out.jsonl");
        assertEquals(tasks, back);
        assertTrue(back.stream().anyMatch(t -> t.codeTests() != null), "code tests travel too");
    }

    @Test
    void aBrokenLineNamesTheFileLineAndField() {
        String line = "{\"id\":\"a\",\"benchmark\":\"x\",\"category\":\"x\",\"prompt\":\"p\",\"gold\":\"1\","
                + "\"format\":\"maths\"}\n";
        TaskFormatException e = assertThrows(TaskFormatException.class, () -> Benchmark.TRINITY.load(
                new ByteArrayInputStream(line.getBytes(StandardCharsets.UTF_8)), "held-out.jsonl"));
        assertTrue(e.getMessage().contains("held-out.jsonl:1") && e.getMessage().contains("format"), e.getMessage());
    }

    private static List<Task> load(String file, Benchmark benchmark) throws IOException {
        try (InputStream in = Files.newInputStream(DATASETS.resolve(file))) {
            return benchmark.load(in, file);
        }
    }
}
