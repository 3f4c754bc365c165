package io.trinity.fitness.code;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The hidden tests of a code task. Strings only, so a task stays small and cheap to send to Spark executors;
 * input/output cases travel packed (gzip + base64 JSON) and are unpacked only where they are graded.
 *
 * @param kind         how the tests are run
 * @param prefix       code placed before the answer: a HumanEval prompt (so a bare function body completes it),
 *                     MBPP's test imports, LiveCodeBench's standard imports; may be empty
 * @param testCode     for {@link Kind#ASSERTS}: code run after the answer that raises when it is wrong; else empty
 * @param functionName the function (or {@code Solution} method) the answer must define: the one
 *                     {@link Kind#FUNCTION_CALL} tests call, HumanEval's entry point; empty when unknown
 * @param packedCases  for the input/output kinds: the cases, packed; else empty
 */
public record CodeTests(Kind kind, String prefix, String testCode, String functionName, String packedCases)
        implements Serializable {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {
    };

    /** How the tests of a task are run. */
    public enum Kind {
        /** The answer followed by assert-raising test code (HumanEval, MBPP); passes when it runs to the end. */
        ASSERTS,
        /** The answer runs once per case with the input on stdin; its stdout must match (LiveCodeBench stdin). */
        STDIN_STDOUT,
        /** A function of the answer is called with each case's JSON arguments (LiveCodeBench functional). */
        FUNCTION_CALL
    }

    public CodeTests {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(testCode, "testCode");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(packedCases, "packedCases");
        if (kind == Kind.ASSERTS && testCode.isBlank()) {
            throw new IllegalArgumentException("assert tests need test code");
        }
        if (kind == Kind.FUNCTION_CALL && functionName.isBlank()) {
            throw new IllegalArgumentException("function-call tests need a function name");
        }
        if (kind != Kind.ASSERTS && packedCases.isEmpty()) {
            throw new IllegalArgumentException(kind + " tests need at least one case");
        }
    }

    public static CodeTests asserts(String prefix, String testCode) {
        return asserts(prefix, testCode, "");
    }

    public static CodeTests asserts(String prefix, String testCode, String functionName) {
        return new CodeTests(Kind.ASSERTS, prefix, testCode, functionName, "");
    }

    public static CodeTests stdinStdout(String prefix, List<TestCase> cases) {
        return new CodeTests(Kind.STDIN_STDOUT, prefix, "", "", pack(cases));
    }

    public static CodeTests functionCall(String prefix, String functionName, List<TestCase> cases) {
        return new CodeTests(Kind.FUNCTION_CALL, prefix, "", functionName, pack(cases));
    }

    /** The input/output cases, in order; empty for {@link Kind#ASSERTS}. */
    public List<TestCase> cases() {
        if (packedCases.isEmpty()) {
            return List.of();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(packedCases)))) {
            return MAPPER.readValue(in, PAIRS).stream().map(pair -> new TestCase(pair.get(0), pair.get(1))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt packed test cases", e);
        }
    }

    private static String pack(List<TestCase> cases) {
        if (cases.isEmpty()) {
            return "";
        }
        List<List<String>> pairs = cases.stream().map(c -> List.of(c.input(), c.output())).toList();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(MAPPER.writeValueAsBytes(pairs));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("test cases are plain strings and always serialise", e);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory gzip failed", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @Override
    public String toString() {
        return "CodeTests[" + kind + (functionName.isEmpty() ? "" : " " + functionName)
                + ", " + (testCode.length() + packedCases.length()) + " chars of tests]";
    }
}
