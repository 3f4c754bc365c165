package io.trinity.fitness.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/** Reads JSON Lines, plain or gzip-compressed, one object per non-blank line. */
final class JsonLines {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonLines() {
    }

    static <T> List<T> read(InputStream in, String sourceName, Function<Row, T> mapper) {
        return read(in, sourceName, mapper, null);
    }

    /**
     * As {@link #read(InputStream, String, Function)}, but where {@code skipped} is not null a line that is not
     * valid JSON or does not fit the schema is left out and its error added to {@code skipped}.
     */
    static <T> List<T> read(InputStream in, String sourceName, Function<Row, T> mapper,
            List<TaskFormatException> skipped) {
        List<T> results = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(decompressed(in), StandardCharsets.UTF_8))) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    results.add(mapper.apply(new Row(sourceName, lineNumber, parse(line, sourceName, lineNumber))));
                } catch (TaskFormatException e) {
                    if (skipped == null) {
                        throw e;
                    }
                    skipped.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceName, e);
        }
        return results;
    }

    private static JsonNode parse(String line, String sourceName, int lineNumber) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new TaskFormatException(sourceName, lineNumber,
                    "expected one JSON object per line, but the JSON is malformed: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject()) {
            throw new TaskFormatException(sourceName, lineNumber,
                    "expected one JSON object per line, found " + node.getNodeType().name().toLowerCase(Locale.ROOT), null);
        }
        return node;
    }

    /** Gzip is recognised by its magic bytes, so callers need not know how a file was stored. */
    private static InputStream decompressed(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        boolean gzip = first == (GZIPInputStream.GZIP_MAGIC & 0xff) && second == (GZIPInputStream.GZIP_MAGIC >>> 8);
        return gzip ? new GZIPInputStream(buffered) : buffered;
    }
}
