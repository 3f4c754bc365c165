package io.trinity.fitness.key;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerKeyTest {

    @Test
    void queryHashIsLowercaseHexSha256OfUtf8() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", AnswerKey.queryHash(""));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", AnswerKey.queryHash("abc"));
        // UTF-8 bytes c3 a9, not the single Latin-1 byte e9.
        assertEquals("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c", AnswerKey.queryHash("\u00e9"));
    }

    @Test
    void writesOneExactLinePerTask() {
        Task task = new Task("t/1", "gsm8k", "gsm8k", "abc", "42", AnswerFormat.NUMBER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnswerKey.write(List.of(task), out);
        assertEquals("{\"query_hash\":\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\","
                + "\"category\":\"gsm8k\",\"gold\":\"42\",\"format\":\"number\"}\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void demoSetRoundTrips() throws IOException {
        List<Task> tasks = DemoTasks.load();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AnswerKey.write(tasks, out);
        List<JsonNode> lines = new ArrayList<>();
        Iterator<JsonNode> it = new ObjectMapper().readerFor(JsonNode.class)
                .readValues(out.toString(StandardCharsets.UTF_8));
        it.forEachRemaining(lines::add);
        assertEquals(tasks.size(), lines.size());
        for (int i = 0; i < tasks.size(); i++) {
            Task task = tasks.get(i);
            JsonNode line = lines.get(i);
            // Unchecked broken variants are never offered: only a key written with a sandbox has "wrong".
            assertEquals(4, line.size(), line.toString());
            assertEquals(AnswerKey.queryHash(task.prompt()), line.get("query_hash").textValue());
            assertEquals(task.category(), line.get("category").textValue());
            assertEquals(task.gold(), line.get("gold").textValue());
            assertEquals(task.format(), AnswerFormat.fromWireName(line.get("format").textValue()));
        }
    }
}
