package io.trinity.gateway.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The right answers the simulator needs, keyed by the SHA-256 of each query's exact prompt text. The fitness module
 * exports it as JSONL lines {@code {"query_hash","category","gold","format"}}; the gateway never sees task sets. A
 * code line may add {@code "wrong"}, plausible broken versions of the reference solution (checked to fail the
 * task's tests where the key was written with a sandbox), for a Worker that draws a wrong answer.
 */
public final class SimAnswerKey {

    enum Format { NUMBER, CHOICE, MATH, CODE }

    /** {@code wrong}: the wrong code answers on offer, empty for other formats or where the key has none. */
    record Entry(String category, String gold, Format format, List<String> wrong) {
        Entry(String category, String gold, Format format) {
            this(category, gold, format, List.of());
        }

        Entry {
            wrong = List.copyOf(wrong);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, Entry> entries;

    private SimAnswerKey(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** A key that knows no query: every Worker reply is a non-answer. */
    public static SimAnswerKey empty() {
        return new SimAnswerKey(Map.of());
    }

    public static SimAnswerKey load(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.toString());
        } catch (IOException e) {
            throw new AnswerKeyException(file + ": cannot read answer key: " + e.getMessage(), e);
        }
    }

    static SimAnswerKey read(BufferedReader reader, String source) throws IOException {
        Map<String, Entry> entries = new HashMap<>();
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String where = source + ":" + lineNumber;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                throw new AnswerKeyException(where + ": not a JSON object: " + e.getMessage(), e);
            }
            if (node == null || !node.isObject()) {
                throw new AnswerKeyException(where + ": not a JSON object");
            }
            String hash = text(node, "query_hash", where);
            if (!HASH.matcher(hash).matches()) {
                throw new AnswerKeyException(where + ": field 'query_hash' must be 64 lowercase hex digits, got '"
                        + hash + "'");
            }
            String format = text(node, "format", where);
            Format parsed;
            try {
                parsed = Format.valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new AnswerKeyException(where + ": field 'format' must be number, choice, math or code, got '"
                        + format + "'");
            }
            List<String> wrong = wrong(node, parsed, where);
            // A prompt can occur twice (in two benchmarks); the first entry wins, as graders use each task's own gold.
            entries.putIfAbsent(hash, new Entry(text(node, "category", where), text(node, "gold", where), parsed,
                    wrong));
        }
        return new SimAnswerKey(entries);
    }

    /** Null when the key does not know the query. */
    Entry find(String queryHash) {
        return entries.get(queryHash);
    }

    public int size() {
        return entries.size();
    }

    /** Lowercase hex SHA-256 of the UTF-8 bytes: the same hash the fitness module writes into the key. */
    static String queryHash(String prompt) {
        return HexFormat.of().formatHex(sha256().digest(prompt.getBytes(StandardCharsets.UTF_8)));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM must provide SHA-256", e);
        }
    }

    private static List<String> wrong(JsonNode node, Format format, String where) {
        JsonNode value = node.get("wrong");
        if (value == null) {
            return List.of();
        }
        if (format != Format.CODE) {
            throw new AnswerKeyException(where + ": field 'wrong' is only for format code, this line is "
                    + format.name().toLowerCase(Locale.ROOT));
        }
        List<String> wrong = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual() || item.asText().isBlank()) {
                    wrong = null;
                    break;
                }
                wrong.add(item.asText());
            }
        }
        if (!value.isArray() || wrong == null) {
            throw new AnswerKeyException(where + ": field 'wrong' must be an array of non-blank strings (wrong "
                    + "programs)");
        }
        return wrong;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new AnswerKeyException(where + ": field '" + field + "' must be a string");
        }
        return value.asText();
    }
}
