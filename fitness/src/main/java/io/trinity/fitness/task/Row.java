package io.trinity.fitness.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One JSON object of a task file, with typed field access whose errors name source, line and field. */
final class Row {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String sourceName;
    private final int lineNumber;
    private final JsonNode object;

    Row(String sourceName, int lineNumber, JsonNode object) {
        this.sourceName = sourceName;
        this.lineNumber = lineNumber;
        this.object = object;
    }

    int lineNumber() {
        return lineNumber;
    }

    String text(String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isTextual()) {
            throw fail(field, "a string", node);
        }
        return node.textValue();
    }

    int integer(String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw fail(field, "an integer", node);
        }
        return node.intValue();
    }

    boolean has(String field) {
        JsonNode node = object.get(field);
        return node != null && !node.isNull();
    }

    Optional<String> optionalText(String field) {
        return has(field) ? Optional.of(text(field)) : Optional.empty();
    }

    /** A string, or a number written as JSON (42, 0.5), as its text. */
    String textOrNumber(String field) {
        JsonNode node = object.get(field);
        if (node == null || !(node.isTextual() || node.isNumber())) {
            throw fail(field, "a string or a number", node);
        }
        return node.isTextual() ? node.textValue() : node.asText();
    }

    /** Fails on the first field that is not in {@code allowed}, so that a misspelt key is not silently ignored. */
    void onlyFields(Set<String> allowed) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new TaskFormatException(sourceName, lineNumber, "unknown field '" + name + "'; expected only "
                        + String.join(", ", allowed.stream().sorted().toList()), null);
            }
        }
    }

    /** A field holding a JSON object. */
    JsonNode object(String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isObject()) {
            throw fail(field, "a JSON object", node);
        }
        return node;
    }

    /** A string field that itself holds a JSON object (LiveCodeBench's {@code metadata}). */
    JsonNode jsonText(String field) {
        String text = text(field);
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (JsonProcessingException e) {
            // reported below with the field's value
        }
        throw fail(field, "a string holding a JSON object", object.get(field));
    }

    List<String> texts(String field) {
        JsonNode node = object.get(field);
        if (node == null || !node.isArray()) {
            throw fail(field, "an array of strings", node);
        }
        List<String> texts = new ArrayList<>(node.size());
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                throw fail(field, "an array of strings", node);
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    /** An error for a field that is present and well-typed but whose value is not what the benchmark needs. */
    TaskFormatException invalid(String field, String expected) {
        return fail(field, expected, object.get(field));
    }

    private TaskFormatException fail(String field, String expected, JsonNode found) {
        String actual = found == null ? "it is missing" : "found " + describe(found);
        return new TaskFormatException(sourceName, lineNumber,
                "field '" + field + "': expected " + expected + ", " + actual, null);
    }

    private static String describe(JsonNode node) {
        String text = node.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
