package io.trinity.fitness.grade;

import io.trinity.fitness.code.CodeExtractor;
import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.sandbox.SandboxException;
import io.trinity.fitness.task.Task;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Grades of code answers by (task id, hash of the program and its tests), so that an answer graded once in this
 * JVM is not run again: a simulated pool repeats its answers (the reference, a shared wrong variant) across
 * candidates and generations, and real models repeat theirs at low temperature. Identical answers graded at the
 * same time run once; the others wait for that run. At most {@code capacity} grades are kept, least recently used
 * first out. A run the sandbox itself fails (an infrastructure fault) is graded wrong with the reason, counted as
 * a sandbox failure and not kept, so the next identical answer runs again. Thread-safe.
 */
public final class CodeGradeCache {

    /** Enough for every distinct answer of a few thousand code tasks; a grade is a few hundred bytes. */
    public static final int DEFAULT_CAPACITY = 20_000;

    private final CodeGrader grader;
    private final Map<String, CompletableFuture<Grade>> grades;

    public CodeGradeCache(CodeGrader grader, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.grader = grader;
        this.grades = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Grade>> eldest) {
                return size() > capacity;
            }
        };
    }

    CodeGrader grader() {
        return grader;
    }

    /** The grade of {@code response}, run in the sandbox only when this answer to this task was not graded yet. */
    public Grade grade(Task task, String response, CodeTally tally) {
        CodeTests tests = task.codeTests();
        if (tests == null) {
            return grader.grade(task, response); // the grader names the missing tests
        }
        Optional<String> code = CodeExtractor.extract(response, tests.functionName());
        if (code.isEmpty()) {
            return grader.grade(task, response); // no program: nothing runs
        }
        String key = task.id() + "\n" + hash(tests, code.get());
        CompletableFuture<Grade> mine = new CompletableFuture<>();
        CompletableFuture<Grade> earlier;
        synchronized (grades) {
            earlier = grades.putIfAbsent(key, mine);
        }
        if (earlier != null) {
            try {
                Grade grade = earlier.join();
                tally.hit();
                return grade;
            } catch (CompletionException e) {
                return sandboxFailure(e.getCause(), tally);
            }
        }
        try {
            Grade grade = grader.grade(task, response);
            tally.ran();
            mine.complete(grade);
            return grade;
        } catch (SandboxException e) {
            synchronized (grades) {
                grades.remove(key, mine);
            }
            mine.completeExceptionally(e);
            return sandboxFailure(e, tally);
        } catch (RuntimeException | Error e) {
            synchronized (grades) {
                grades.remove(key, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static Grade sandboxFailure(Throwable cause, CodeTally tally) {
        if (cause instanceof SandboxException failure) {
            tally.sandboxFailed();
            return new Grade(false, null, "not graded, the sandbox failed: " + failure.getMessage());
        }
        throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    /**
     * SHA-256 of everything that decides the verdict of {@code response} wherever it is graded, not only in this
     * JVM: the program as extracted, the task's tests, this sandbox's limits and isolation, and the harness; a
     * verdict recorded under the same hash elsewhere holds here (the task's id is not part of it). Null where no
     * program runs: the task has no tests or the response holds no program.
     */
    public String verdictHash(Task task, String response) {
        CodeTests tests = task.codeTests();
        if (tests == null) {
            return null;
        }
        Optional<String> code = CodeExtractor.extract(response, tests.functionName());
        if (code.isEmpty()) {
            return null;
        }
        Limits limits = grader.sandbox().limits();
        // Whole milliseconds and bytes: the record's own toString is not a format to hash.
        String sandbox = grader.sandbox().isolation().name() + " wall_ms=" + limits.wallTimeout().toMillis()
                + " cpu_ms=" + limits.cpuTime().toMillis() + " memory=" + limits.memoryBytes() + " file_size="
                + limits.fileSizeBytes() + " processes=" + limits.maxProcesses() + " scratch=" + limits.scratchBytes();
        return digest(sandbox, CodeGrader.harness(), hash(tests, code.get()));
    }

    public int size() {
        synchronized (grades) {
            return grades.size();
        }
    }

    /** SHA-256 of everything that decides the verdict besides the task's id: tests, prefix and program. */
    private static String hash(CodeTests tests, String code) {
        return digest(tests.kind().name(), tests.prefix(), tests.testCode(), tests.functionName(),
                tests.packedCases(), code);
    }

    /** SHA-256 of the parts, each preceded by its length, so that no two lists of parts hash alike. */
    private static String digest(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                digest.update(HexFormat.of().formatHex(new byte[] {(byte) (bytes.length >>> 24),
                        (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length})
                        .getBytes(StandardCharsets.US_ASCII));
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }
}
