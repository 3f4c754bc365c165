package io.trinity.fitness.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.task.Task;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The answer key: what a simulated pool may know about tasks without depending on this module. A task is found
 * by the SHA-256 of its prompt, which is the text an LLM call carries.
 */
public final class AnswerKey {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnswerKey() {
    }

    /** Lowercase hex SHA-256 of the prompt's UTF-8 bytes. */
    public static String queryHash(String prompt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * Writes one JSON line per task, {@code {"query_hash","category","gold","format"}}, in task order.
     * The stream is flushed, not closed: it belongs to the caller.
     */
    public static void write(List<Task> tasks, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            for (Task task : tasks) {
                writer.write(line(task));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer key", e);
        }
    }

    private static String line(Task task) throws JsonProcessingException {
        ObjectNode entry = MAPPER.createObjectNode()
                .put("query_hash", queryHash(task.prompt()))
                .put("category", task.category())
                .put("gold", task.gold())
                .put("format", task.format().wireName());
        return MAPPER.writeValueAsString(entry);
    }
}
