package io.trinity.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.gateway.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimAnswerKeyTest {

    @TempDir
    Path dir;

    private static final String GOOD = "{\"query_hash\":\"" + Fixtures.sha256("q") + "\",\"category\":\"gsm8k\","
            + "\"gold\":\"4\",\"format\":\"number\"}";

    private String failure(String... lines) throws IOException {
        Path file = Files.write(dir.resolve("key.jsonl"), List.of(lines));
        return assertThrows(AnswerKeyException.class, () -> SimAnswerKey.load(file)).getMessage();
    }

    @Test
    void loadsEntriesByPromptHash() throws IOException {
        Path file = Files.write(dir.resolve("key.jsonl"), List.of(GOOD, "", GOOD));
        SimAnswerKey key = SimAnswerKey.load(file);
        assertEquals(1, key.size());
        assertEquals(new SimAnswerKey.Entry("gsm8k", "4", SimAnswerKey.Format.NUMBER),
                key.find(SimAnswerKey.queryHash("q")));
    }

    @Test
    void aCodeLineMayCarryWrongPrograms() throws IOException {
        String code = "{\"query_hash\":\"" + Fixtures.sha256("c") + "\",\"category\":\"code\","
                + "\"gold\":\"    return a\",\"format\":\"code\",\"wrong\":[\"    return b\",\"    return None\"]}";
        SimAnswerKey key = SimAnswerKey.load(Files.write(dir.resolve("key.jsonl"), List.of(GOOD, code)));
        assertEquals(List.of("    return b", "    return None"), key.find(SimAnswerKey.queryHash("c")).wrong());
        assertEquals(List.of(), key.find(SimAnswerKey.queryHash("q")).wrong());
        String message = failure(code.replace("[\"    return b\",\"    return None\"]", "\"    return b\""));
        assertTrue(message.contains("key.jsonl:1: field 'wrong' must be an array of non-blank strings"), message);
        message = failure(code.replace("\"    return None\"", "3"));
        assertTrue(message.contains("key.jsonl:1: field 'wrong' must be an array of non-blank strings"), message);
        message = failure(GOOD.replace("}", ",\"wrong\":[\"5\"]}"));
        assertTrue(message.contains("key.jsonl:1: field 'wrong' is only for format code, this line is number"),
                message);
    }

    @Test
    void errorsNameFileLineAndField() throws IOException {
        String message = failure(GOOD, "{not json");
        assertTrue(message.contains("key.jsonl:2: not a JSON object"), message);
        message = failure(GOOD, GOOD, GOOD.replace("\"gold\":\"4\"", "\"gold\":4"));
        assertTrue(message.contains("key.jsonl:3: field 'gold' must be a string"), message);
        message = failure(GOOD.replace("number", "essay"));
        assertTrue(message.contains("key.jsonl:1: field 'format' must be number, choice, math or code, got 'essay'"),
                message);
        message = failure(GOOD.replace(Fixtures.sha256("q"), Fixtures.sha256("q").toUpperCase()));
        assertTrue(message.contains("key.jsonl:1: field 'query_hash' must be 64 lowercase hex digits"), message);
        message = failure("[1, 2]");
        assertTrue(message.contains("key.jsonl:1: not a JSON object"), message);
    }
}
