package io.trinity.fitness.task;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** A real LiveCodeBench problem, loaded through {@link Benchmark#LIVECODEBENCH}. */
public final class LiveCodeBenchShortSort {

    /**
     * The private tests of LiveCodeBench's "Short Sort" (Codeforces 1873A, 2023-08-21) exactly as the data set
     * stores them, copied from a public LiveCodeBench demo: base64 of zlib of a protocol-4 pickle.
     */
    private static final String PRIVATE_CASES = "eJxrYJmaz8gABhEZQEZ0tVJmXkFpiZKVgpJhTF5iUnJMnpKOglJ+aQlU"
            + "NNI1GCJUklpcUlJZkAoSLC5JycxTqtVRQNJuDNWOILAYhCCIMdI0Ji85MQloWjKQSE5KjMlLSgSam5SciG64nz+y2WACJESMJWY"
            + "Y7ibFG8T5KnaKHgAcinnp";

    public static Task task() {
        ObjectNode row = new ObjectMapper().createObjectNode().put("question_id", "1873_A")
                .put("question_content", "Can the row become abc with at most one swap?").put("starter_code", "")
                .put("public_test_cases", "[{\"input\": \"6\\nabc\\nacb\\nbac\\nbca\\ncab\\ncba\\n\", "
                        + "\"output\": \"YES\\nYES\\nYES\\nNO\\nNO\\nYES\\n\", \"testtype\": \"stdin\"}]")
                .put("private_test_cases", PRIVATE_CASES).put("metadata", "{}");
        return Benchmark.LIVECODEBENCH.load(new ByteArrayInputStream((row + "\n").getBytes(StandardCharsets.UTF_8)),
                "short_sort.jsonl").get(0);
    }

    private LiveCodeBenchShortSort() {
    }
}
