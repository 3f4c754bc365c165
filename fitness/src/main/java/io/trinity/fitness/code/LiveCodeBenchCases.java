package io.trinity.fitness.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.InflaterInputStream;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.Unpickler;

/**
 * Reads the test cases of LiveCodeBench {@code code_generation_lite}: a JSON array of
 * {@code {"input","output","testtype":"stdin"|"functional"}}, given either as JSON text or, for the private tests
 * of newer releases, as base64 of zlib of a pickled JSON string.
 */
public final class LiveCodeBenchCases {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The cases of a problem, all of one type. */
    public record Decoded(boolean functional, List<TestCase> cases) {
    }

    private LiveCodeBenchCases() {
    }

    /**
     * Public and private cases together, public first.
     *
     * @throws IllegalArgumentException naming which field is malformed and how
     */
    public static Decoded decode(String publicCases, String privateCases) {
        List<JsonNode> all = new ArrayList<>(array("public_test_cases", publicCases));
        all.addAll(array("private_test_cases", json(privateCases)));
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no test cases in public_test_cases or private_test_cases");
        }
        String type = all.get(0).path("testtype").asText();
        List<TestCase> cases = new ArrayList<>(all.size());
        for (JsonNode node : all) {
            JsonNode input = node.get("input");
            JsonNode output = node.get("output");
            if (input == null || !input.isTextual() || output == null || !output.isTextual()) {
                throw new IllegalArgumentException("a test case without string 'input' and 'output': " + brief(node));
            }
            String nodeType = node.path("testtype").asText();
            if (!nodeType.equals("stdin") && !nodeType.equals("functional") || !nodeType.equals(type)) {
                throw new IllegalArgumentException("testtype must be 'stdin' or 'functional', the same for every "
                        + "case; found '" + type + "' and '" + nodeType + "'");
            }
            cases.add(new TestCase(input.textValue(), output.textValue()));
        }
        return new Decoded(type.equals("functional"), List.copyOf(cases));
    }

    /** The JSON text itself, or the JSON string inside base64 + zlib + pickle. */
    static String json(String field) {
        String trimmed = field.strip();
        if (trimmed.startsWith("[")) {
            return trimmed;
        }
        byte[] compressed;
        try {
            compressed = Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private_test_cases is neither a JSON array nor base64: "
                    + e.getMessage(), e);
        }
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            Object unpickled = new Unpickler().loads(in.readAllBytes());
            if (!(unpickled instanceof String text)) {
                throw new IllegalArgumentException("private_test_cases unpickles to "
                        + (unpickled == null ? "None" : unpickled.getClass().getSimpleName()) + ", not a JSON string");
            }
            return text;
        } catch (IOException | PickleException e) {
            throw new IllegalArgumentException("private_test_cases is not base64 + zlib + pickle: " + e.getMessage(),
                    e);
        }
    }

    private static List<JsonNode> array(String field, String text) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(field + " is not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException(field + " is not a JSON array");
        }
        List<JsonNode> elements = new ArrayList<>();
        node.forEach(elements::add);
        return elements;
    }

    private static String brief(JsonNode node) {
        String text = node.toString();
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
