package io.trinity.gateway.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.gateway.api.ChatMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Test data in the layouts the other modules produce: answer keys and turn transcripts. */
public final class Fixtures {

    /** One answer key line, with the prompt it is the hash of. */
    public record KeyEntry(String prompt, String category, String gold, String format) {
    }

    /** An earlier turn as the workers module lays it out. */
    public record PastTurn(String role, String model, String text) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** {@code n} distinct arithmetic questions of one category, gold = 2i. */
    public static List<KeyEntry> numberQuestions(int n, String category) {
        return IntStream.range(0, n)
                .mapToObj(i -> new KeyEntry("Question " + i + ": what is " + i + " + " + i + "?", category,
                        String.valueOf(2 * i), "number"))
                .toList();
    }

    public static Path writeAnswerKey(Path file, List<KeyEntry> entries) {
        List<String> lines = new ArrayList<>();
        for (KeyEntry e : entries) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("query_hash", sha256(e.prompt()));
            line.put("category", e.category());
            line.put("gold", e.gold());
            line.put("format", e.format());
            try {
                lines.add(JSON.writeValueAsString(line));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        try {
            return Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The messages of one turn: role prompt, the query, and the earlier turns when there are any. */
    public static List<ChatMessage> turn(String role, String prompt, PastTurn... earlier) {
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(ChatMessage.system("You are the " + role + " in a team of language models.\n"
                + "Do your part of the job well."));
        messages.add(ChatMessage.user(prompt));
        if (earlier.length > 0) {
            StringBuilder text = new StringBuilder("Earlier turns:\n");
            for (int i = 0; i < earlier.length; i++) {
                text.append("### Turn ").append(i + 1).append(" | ").append(earlier[i].role()).append(" | ")
                        .append(earlier[i].model()).append('\n').append(earlier[i].text()).append("\n\n");
            }
            messages.add(ChatMessage.user(text.toString()));
        }
        return messages;
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-model sim pool with equal skills for every role, {@code thinker_boost} 0.5. */
    public static String simPool(String name, double skill, long baseMs, long jitterMs) {
        return """
                seed: 7
                models:
                  - name: %s
                    provider: sim
                    price: {input_per_mtok: 0.5, output_per_mtok: 2.0}
                    latency: {base_ms: %d, jitter_ms: %d}
                    skills:
                      default: {thinker: %s, worker: %s, verifier: %s}
                """.formatted(name, baseMs, jitterMs, skill, skill, skill);
    }
}
