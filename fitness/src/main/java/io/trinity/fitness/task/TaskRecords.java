package io.trinity.fitness.task;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.code.CodeTests;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes tasks as the {@link Benchmark#TRINITY} format reads them: one JSON object per line with every field of a
 * {@link Task}, code tests included, so a task file written here loads back as the very same tasks.
 */
public final class TaskRecords {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TaskRecords() {
    }

    public static void write(List<Task> tasks, OutputStream out) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            for (Task task : tasks) {
                writer.write(MAPPER.writeValueAsString(json(task)));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tasks: " + e.getMessage(), e);
        }
    }

    private static ObjectNode json(Task task) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("id", task.id())
                .put("benchmark", task.benchmark())
                .put("category", task.category())
                .put("prompt", task.prompt())
                .put("gold", task.gold())
                .put("format", task.format().wireName());
        CodeTests tests = task.codeTests();
        if (tests != null) {
            node.putObject("code_tests")
                    .put("kind", tests.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("prefix", tests.prefix())
                    .put("test_code", tests.testCode())
                    .put("function_name", tests.functionName())
                    .put("packed_cases", tests.packedCases());
        }
        return node;
    }

    static CodeTests codeTests(JsonNode node) {
        String kind = text(node, "kind");
        CodeTests.Kind parsed;
        try {
            parsed = CodeTests.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be asserts, stdin_stdout or function_call, got " + kind);
        }
        return new CodeTests(parsed, text(node, "prefix"), text(node, "test_code"), text(node, "function_name"),
                text(node, "packed_cases"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }
}
