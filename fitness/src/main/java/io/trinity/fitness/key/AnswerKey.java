package io.trinity.fitness.key;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trinity.fitness.grade.CodeGradeCache;
import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The answer key: what a simulated pool may know about tasks without depending on this module. A task is found
 * by the SHA-256 of its prompt, which is the text an LLM call carries.
 */
public final class AnswerKey {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnswerKey() {
    }

    /** Lowercase hex SHA-256 of the prompt's UTF-8 bytes. */
    public static String queryHash(String prompt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(prompt.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * Writes one JSON line per task, {@code {"query_hash","category","gold","format"}}, in task order. Code tasks
     * get no {@code "wrong"}: a broken variant nobody ran might pass its tests, and a simulated wrong answer graded
     * right would bias every result, so without a sandbox to check them the simulator's wrong code is the reference
     * with a line that raises. The stream is flushed, not closed: it belongs to the caller.
     */
    public static void write(List<Task> tasks, OutputStream out) {
        write(tasks, out, task -> null);
    }

    /**
     * As {@link #write(List, OutputStream)}, with each code task's wrong answers checked in the sandbox behind
     * {@code grades} ({@link WrongCode#checked}); the runs are counted in {@code tally}.
     */
    public static void write(List<Task> tasks, OutputStream out, CodeGradeCache grades, CodeTally tally) {
        write(tasks, out, grades, tally, Runtime.getRuntime().availableProcessors());
    }

    /**
     * As {@link #write(List, OutputStream, CodeGradeCache, CodeTally)}, checking up to {@code threads} code tasks at
     * once (each task's variants in their order, so the lists do not depend on it); the sandbox behind
     * {@code grades} still bounds the runs at once.
     */
    public static void write(List<Task> tasks, OutputStream out, CodeGradeCache grades, CodeTally tally,
            int threads) {
        write(tasks, out, grades, tally, threads, WrongCodeChecks.none());
    }

    /**
     * As {@link #write(List, OutputStream, CodeGradeCache, CodeTally, int)}, with a variant's verdict taken from
     * {@code recorded} where it holds one under the variant's exact verdict hash (counted in its
     * {@link WrongCodeChecks#taken()}); the key is the same as with every variant run.
     */
    public static void write(List<Task> tasks, OutputStream out, CodeGradeCache grades, CodeTally tally,
            int threads, WrongCodeChecks recorded) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Map<Task, List<String>> wrong = new ConcurrentHashMap<>();
        // Not the common pool: on two cores it runs three tasks at once, and a sandbox run mostly waits for the
        // kernel to set up its namespaces, so the sandbox's own bound is the one that should hold.
        ExecutorService pool = Executors.newFixedThreadPool(threads, run -> {
            Thread thread = new Thread(run, "answer-key-check");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (Task task : tasks) {
                if (hasReference(task)) {
                    checks.add(pool.submit(() -> wrong.put(task, WrongCode.checked(task, grades, tally, recorded))));
                }
            }
            for (Future<?> check : checks) {
                check.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking the answer key's wrong code", e);
        } finally {
            pool.shutdownNow();
        }
        write(tasks, out, wrong::get);
    }

    private static void write(List<Task> tasks, OutputStream out, Function<Task, List<String>> wrongCode) {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        try {
            for (Task task : tasks) {
                writer.write(line(task, hasReference(task) ? wrongCode.apply(task) : null));
                writer.write('\n');
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the answer key", e);
        }
    }

    /** A code task the simulator can answer: one with a reference solution (LiveCodeBench has none). */
    private static boolean hasReference(Task task) {
        return task.format() == AnswerFormat.CODE && task.codeTests() != null && !task.gold().isBlank();
    }

    private static String line(Task task, List<String> wrong) throws JsonProcessingException {
        ObjectNode entry = MAPPER.createObjectNode()
                .put("query_hash", queryHash(task.prompt()))
                .put("category", task.category())
                .put("gold", task.gold())
                .put("format", task.format().wireName());
        if (wrong != null) {
            ArrayNode list = entry.putArray("wrong");
            wrong.forEach(list::add);
        }
        return MAPPER.writeValueAsString(entry);
    }
}
