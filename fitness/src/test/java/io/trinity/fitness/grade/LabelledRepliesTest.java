package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A hand-labelled corpus of replies in the forms real models write (markdown, several numbers, second thoughts,
 * units, unmarked answers, option letters in many styles); each label says whether a careful human marks it right.
 * The grader must agree with every label.
 */
class LabelledRepliesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void graderAgreesWithEveryLabel() throws IOException {
        Map<String, int[]> agreementByFormat = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        int line = 0;
        try (InputStream in = LabelledRepliesTest.class.getResourceAsStream("labelled-replies.jsonl")) {
            assertNotNull(in, "labelled-replies.jsonl on the test classpath");
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                line++;
                JsonNode row = JSON.readTree(text);
                AnswerFormat format = AnswerFormat.fromWireName(row.get("format").textValue());
                String prompt = row.has("prompt") ? row.get("prompt").textValue() : "question";
                Task task = new Task("corpus/" + line, "corpus", "corpus", prompt, row.get("gold").textValue(), format);
                Grade grade = Graders.forTask(task).grade(task, row.get("reply").textValue());
                boolean label = row.get("correct").booleanValue();
                int[] counts = agreementByFormat.computeIfAbsent(format.wireName(), f -> new int[2]);
                counts[1]++;
                if (grade.correct() == label) {
                    counts[0]++;
                } else {
                    disagreements.add("line " + line + " labelled " + label + ": " + grade + " for " + text);
                }
            }
        }
        StringBuilder report = new StringBuilder("agreement with labels:");
        agreementByFormat.forEach((format, counts) ->
                report.append(' ').append(format).append(' ').append(counts[0]).append('/').append(counts[1]));
        System.out.println(report);
        assertTrue(line >= 150, "corpus size " + line);
        assertEquals(List.of(), disagreements, report.toString());
    }
}
