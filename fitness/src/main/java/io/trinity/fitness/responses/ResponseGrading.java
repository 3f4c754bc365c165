package io.trinity.fitness.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.grade.Grade;
import io.trinity.fitness.grade.Grader;
import io.trinity.fitness.grade.Graders;
import io.trinity.fitness.task.Task;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grades a file of raw LLM replies against a task set. Each responses line is
 * {@code {"task_id": <the task's id, or its number: a line number for data sets without ids>, "response": "..."}};
 * each output line is {@code {"task_id","extracted","correct","reason"}}, and a final line holds the summary.
 */
public final class ResponseGrading {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> FIELDS = Set.of("task_id", "response");

    private final Map<String, Task> byId = new HashMap<>();
    private final String benchmark;
    private final Graders graders;

    /**
     * @param tasks     the task set, all of one benchmark
     * @param benchmark its wire name, which prefixes ids made from line numbers ("gsm8k/12")
     * @param graders   the graders, whose sandbox settings code answers run under
     */
    public ResponseGrading(List<Task> tasks, String benchmark, Graders graders) {
        this.benchmark = benchmark;
        this.graders = graders;
        for (Task task : tasks) {
            byId.put(task.id(), task);
        }
    }

    /** Totals over a responses file. */
    public record Summary(int responses, int correct, int noAnswer) {

        public double accuracy() {
            return responses == 0 ? 0 : (double) correct / responses;
        }
    }

    /**
     * Grades every non-blank line of {@code responses} and writes the result lines, then the summary line, to
     * {@code out} (flushed, not closed).
     *
     * @throws ResponseFormatException naming file and line for a line that is not such an object or names no task
     */
    public Summary grade(InputStream responses, String sourceName, Writer out) {
        int count = 0;
        int correct = 0;
        int noAnswer = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(responses, StandardCharsets.UTF_8))) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row = parse(line, sourceName, lineNumber);
                Task task = task(row.get("task_id"), sourceName, lineNumber);
                JsonNode response = row.get("response");
                if (response == null || !response.isTextual()) {
                    throw new ResponseFormatException(sourceName, lineNumber,
                            "field 'response': expected a string (the raw reply)");
                }
                Grader grader = graders.grader(task);
                Grade grade = grader.grade(task, response.textValue());
                count++;
                correct += grade.correct() ? 1 : 0;
                noAnswer += grade.extracted() == null ? 1 : 0;
                ObjectNode result = JSON.createObjectNode();
                result.set("task_id", row.get("task_id"));
                result.put("extracted", grade.extracted());
                result.put("correct", grade.correct());
                result.put("reason", grade.reason());
                out.write(JSON.writeValueAsString(result));
                out.write('\n');
            }
            Summary summary = new Summary(count, correct, noAnswer);
            ObjectNode totals = JSON.createObjectNode()
                    .put("benchmark", benchmark)
                    .put("responses", count)
                    .put("correct", correct)
                    .put("no_answer", noAnswer)
                    .put("accuracy", summary.accuracy());
            out.write(JSON.writeValueAsString(JSON.createObjectNode().set("summary", totals)));
            out.write('\n');
            out.flush();
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot grade " + sourceName + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String line, String sourceName, int lineNumber) {
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ResponseFormatException(sourceName, lineNumber,
                    "expected one JSON object per line, but the JSON is malformed: " + e.getOriginalMessage());
        }
        if (!row.isObject()) {
            throw new ResponseFormatException(sourceName, lineNumber, "expected one JSON object per line");
        }
        for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new ResponseFormatException(sourceName, lineNumber,
                        "unknown field '" + name + "'; expected only task_id and response");
            }
        }
        return row;
    }

    /** The task a line names: by its id, or by a number that ids made from line numbers (or AIME's) end with. */
    private Task task(JsonNode id, String sourceName, int lineNumber) {
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
            throw new ResponseFormatException(sourceName, lineNumber,
                    "field 'task_id': expected the task's id, or its 1-based line number in the tasks file");
        }
        String text = id.asText();
        Task task = byId.get(text);
        if (task == null && text.matches("\\d+")) {
            task = byId.get(benchmark + "/" + Long.parseLong(text));
        }
        if (task == null) {
            throw new ResponseFormatException(sourceName, lineNumber, "task_id " + id + " names no task of the "
                    + benchmark + " tasks file");
        }
        return task;
    }
}
