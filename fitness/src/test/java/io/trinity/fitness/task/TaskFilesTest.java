package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskFilesTest {

    private static final String GOOD = """
            {"question": "One?", "answer": "1\\n#### 1"}
            {"question": "Two?", "answer": "2\\n#### 2"}
            """;

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static LoadedTasks load(Benchmark benchmark, boolean skip, String location) {
        return TaskFiles.builder(benchmark).skipBadRows(skip).build().load(location);
    }

    @Test
    void readsALocalPathAFileUriAndGzip() throws IOException {
        Path plain = write("plain.jsonl", GOOD);
        Path gzip = dir.resolve("packed.jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
            out.write(GOOD.getBytes(StandardCharsets.UTF_8));
        }
        for (String location : List.of(plain.toString(), plain.toUri().toString(), gzip.toUri().toString())) {
            LoadedTasks loaded = load(Benchmark.GSM8K, false, location);
            assertEquals(List.of("1", "2"), loaded.tasks().stream().map(Task::gold).toList(), location);
            assertEquals(List.of(), loaded.skipped());
        }
    }

    @Test
    void aBadRowNamesFileAndLineOrIsSkippedAndCounted() throws IOException {
        Path file = write("bad.jsonl", """
                {"question": "One?", "answer": "1\\n#### 1"}
                {"question": "Two?", "answer": "no final line"}
                {"question": "Three?", "answer": "3\\n#### 3"
                {"question": "Four?", "answer": "4\\n#### 4"}
                """);
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.GSM8K, false, file.toString()));
        assertTrue(e.getMessage().startsWith(file + ":2: field 'answer'"), e.getMessage());

        LoadedTasks loaded = load(Benchmark.GSM8K, true, file.toString());
        assertEquals(List.of("1", "4"), loaded.tasks().stream().map(Task::gold).toList());
        assertEquals(List.of("gsm8k/1", "gsm8k/4"), loaded.tasks().stream().map(Task::id).toList());
        assertEquals(2, loaded.skipped().size());
        assertTrue(loaded.skipped().get(0).getMessage().startsWith(file + ":2: "));
        assertTrue(loaded.skipped().get(1).getMessage().startsWith(file + ":3: expected one JSON object per line"),
                loaded.skipped().get(1).getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        String missing = dir.resolve("absent.jsonl").toString();
        var e = assertThrows(TaskFormatException.class, () -> load(Benchmark.MATH, true, missing));
        assertEquals(missing + ": task file does not exist", e.getMessage());
    }
}
