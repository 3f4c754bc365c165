package io.trinity.fitness.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Verdicts of the answer key's wrong code, recorded where they were checked in the sandbox: for a code task, whether
 * a variant fails its tests by itself ({@link WrongCode}'s sense), under the hash of everything that decides that
 * ({@code CodeGradeCache.verdictHash}: program, tests, limits, isolation, harness). A recorded verdict is used only
 * where the variant to check has exactly that hash for that task; anything else runs in the sandbox, so a changed
 * program, test or limit is never taken on trust. The demo set's are shipped with it ({@link #demo()}); {@code
 * ShippedWrongCodeTest} re-runs every one and regenerates the file. Lookups are counted ({@link #taken()});
 * thread-safe.
 */
public final class WrongCodeChecks {

    /** Where the demo set's checks are shipped, next to its task files. */
    public static final String DEMO_RESOURCE = "/io/trinity/fitness/demo/wrong-code-checks.jsonl";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Set<String> KEYS = Set.of("task", "variant", "sha256", "fails");

    /**
     * One recorded check.
     *
     * @param task    the task's id
     * @param variant which candidate it was: its index in {@code BrokenVariants.of}, or {@code "fallback"}; for
     *                readers, not for matching
     * @param sha256  the verdict hash
     * @param fails   whether the variant fails the tests by itself (not by a limit or a sandbox fault)
     */
    public record Entry(String task, String variant, String sha256, boolean fails) {
    }

    private final List<Entry> entries;
    private final Map<String, Boolean> verdicts;
    private final LongAdder taken = new LongAdder();

    private WrongCodeChecks(List<Entry> entries, Map<String, Boolean> verdicts) {
        this.entries = entries;
        this.verdicts = verdicts;
    }

    /** No recorded checks: every variant runs in the sandbox. */
    public static WrongCodeChecks none() {
        return new WrongCodeChecks(List.of(), Map.of());
    }

    /** The checks shipped with the bundled demo set, read afresh (so {@link #taken()} counts one caller's use). */
    public static WrongCodeChecks demo() {
        try (InputStream in = WrongCodeChecks.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEMO_RESOURCE + " is not on the classpath");
            }
            return read(in, "resource " + DEMO_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + DEMO_RESOURCE, e);
        }
    }

    /**
     * Reads JSON lines of {@code {"task", "variant", "sha256", "fails"}}; {@code source} names the input in errors,
     * which give its line and what was expected.
     */
    public static WrongCodeChecks read(InputStream in, String source) throws IOException {
        List<Entry> entries = new ArrayList<>();
        Map<String, Boolean> verdicts = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Entry entry = entry(line, source + " line " + number);
            if (verdicts.putIfAbsent(key(entry.task(), entry.sha256()), entry.fails()) != null) {
                throw new IllegalArgumentException(source + " line " + number + ": task " + entry.task()
                        + " has sha256 " + entry.sha256() + " a second time");
            }
            entries.add(entry);
        }
        return new WrongCodeChecks(List.copyOf(entries), Map.copyOf(verdicts));
    }

    /** Writes {@code entries} as {@link #read} reads them, one a line; the stream is flushed, not closed. */
    public static void write(List<Entry> entries, OutputStream out) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Entry entry : entries) {
            ObjectNode line = MAPPER.createObjectNode().put("task", entry.task()).put("variant", entry.variant())
                    .put("sha256", entry.sha256()).put("fails", entry.fails());
            text.append(MAPPER.writeValueAsString(line)).append('\n');
        }
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The recorded verdict of the variant of task {@code task} whose verdict hash is {@code sha256}: true when it
     * fails by itself, false when it does not; null when none is recorded (or the hash is null) and it must run.
     */
    public Boolean verdict(String task, String sha256) {
        if (sha256 == null) {
            return null;
        }
        Boolean fails = verdicts.get(key(task, sha256));
        if (fails != null) {
            taken.increment();
        }
        return fails;
    }

    /** How many verdicts {@link #verdict} has answered from the record. */
    public long taken() {
        return taken.sum();
    }

    /** The recorded checks, in the order read. */
    public List<Entry> entries() {
        return entries;
    }

    private static String key(String task, String sha256) {
        return task + "\n" + sha256;
    }

    private static Entry entry(String line, String where) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(where + ": expected an object {\"task\", \"variant\", \"sha256\", "
                    + "\"fails\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(where + ": unknown key \"" + name + "\"; expected task, variant, "
                        + "sha256, fails");
            }
        }
        String task = text(node, "task", where);
        String variant = text(node, "variant", where);
        String sha256 = text(node, "sha256", where);
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException(where + ": \"sha256\" must be 64 lowercase hex digits, got \""
                    + sha256 + "\"");
        }
        JsonNode fails = node.get("fails");
        if (fails == null || !fails.isBoolean()) {
            throw new IllegalArgumentException(where + ": \"fails\" must be true or false");
        }
        return new Entry(task, variant, sha256, fails.booleanValue());
    }

    private static String text(JsonNode node, String key, String where) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException(where + ": \"" + key + "\" must be a non-empty string");
        }
        return value.textValue();
    }
}
