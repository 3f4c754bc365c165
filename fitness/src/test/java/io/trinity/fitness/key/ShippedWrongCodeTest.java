package io.trinity.fitness.key;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.grade.CodeGradeCache;
import io.trinity.fitness.grade.CodeGrader;
import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo set's shipped wrong-code checks ({@link WrongCodeChecks#demo()}) are true: every one is run again in the
 * real sandbox and gives the recorded verdict, and the file holds exactly what checking the demo set looks at. With
 * {@code -Dtrinity.wrongCode.regenerate=true} the file is written afresh from those runs instead (after the bundled
 * set, {@code BrokenVariants}, the harness or the default limits changed):
 * <pre>mvn -o -B test -pl fitness -Dtest=ShippedWrongCodeTest -Dtrinity.wrongCode.regenerate=true</pre>
 */
class ShippedWrongCodeTest {

    private static final Path SHIPPED = Path.of("src/main/resources" + WrongCodeChecks.DEMO_RESOURCE);
    private static final String REGENERATE = "regenerate it with: mvn -o -B test -pl fitness "
            + "-Dtest=ShippedWrongCodeTest -Dtrinity.wrongCode.regenerate=true";
    /** What a job with the demo config checks under ({@code sandbox.limits} at their defaults). */
    private static final Limits LIMITS = WrongCode.checkingLimits(Limits.DEFAULT);
    private static final int PARALLELISM = 8;

    private static final List<Task> TASKS = DemoTasks.load();
    private static final List<Task> CODE = TASKS.stream().filter(t -> t.format() == AnswerFormat.CODE).toList();

    /** Every check of the demo set, run in the sandbox now, in task order. */
    private static List<WrongCodeChecks.Entry> fresh;
    private static CodeTally freshTally;
    private static CodeGradeCache freshGrades;

    @BeforeAll
    static void runEveryCheck() throws Exception {
        freshGrades = grades(LIMITS);
        freshTally = new CodeTally();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
        try {
            List<Future<List<WrongCode.Check>>> checks = new ArrayList<>();
            for (Task task : CODE) {
                checks.add(pool.submit(() -> WrongCode.checks(task, freshGrades, freshTally, WrongCodeChecks.none())));
            }
            fresh = new ArrayList<>();
            for (int i = 0; i < CODE.size(); i++) {
                for (WrongCode.Check check : checks.get(i).get()) {
                    if (check.sha256() == null) {
                        continue; // no program in it: nothing ran, nothing to record
                    }
                    fresh.add(new WrongCodeChecks.Entry(CODE.get(i).id(), check.variant(), check.sha256(),
                            check.fails()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, freshTally.sandboxFailures(), "the sandbox failed runs: no verdict to record or compare");
        if (Boolean.getBoolean("trinity.wrongCode.regenerate")) {
            try (OutputStream out = Files.newOutputStream(SHIPPED)) {
                WrongCodeChecks.write(fresh, out);
            }
            System.out.printf("wrote %d checks of %d code tasks to %s%n", fresh.size(), CODE.size(), SHIPPED);
        }
    }

    @Test
    void everyShippedCheckGivesItsVerdictInTheSandboxAgain() throws IOException {
        WrongCodeChecks shipped = WrongCodeChecks.read(Files.newInputStream(SHIPPED), SHIPPED.toString());
        // Each fresh entry came from its own run (none repeats another), so equal lists mean every shipped verdict
        // was just reproduced by the sandbox, and nothing checking the demo set looks at is missing.
        assertEquals(fresh.size(), freshTally.runs(), "each check ran once");
        List<WrongCodeChecks.Entry> recorded = shipped.entries();
        for (int i = 0; i < Math.min(fresh.size(), recorded.size()); i++) {
            assertEquals(fresh.get(i), recorded.get(i), SHIPPED + " line " + (i + 1) + " is not what checking the "
                    + "demo set finds now; " + REGENERATE);
        }
        assertEquals(fresh.size(), recorded.size(), SHIPPED + ": checks recorded; " + REGENERATE);
        assertTrue(fresh.stream().filter(WrongCodeChecks.Entry::fails).count() >= CODE.size(),
                "at least one failing variant per task");
    }

    @Test
    void theDemoKeyIsByteIdenticalWithTheShippedChecksAndRunsNothing() {
        assumeFalse(Boolean.getBoolean("trinity.wrongCode.regenerate"),
                "the classpath holds the file as it was before this run regenerated it");
        ByteArrayOutputStream checked = new ByteArrayOutputStream();
        AnswerKey.write(TASKS, checked, freshGrades, new CodeTally(), PARALLELISM, WrongCodeChecks.none());
        ByteArrayOutputStream shipped = new ByteArrayOutputStream();
        CodeTally tally = new CodeTally();
        WrongCodeChecks recorded = WrongCodeChecks.demo();
        AnswerKey.write(TASKS, shipped, grades(LIMITS), tally, PARALLELISM, recorded);
        assertArrayEquals(checked.toByteArray(), shipped.toByteArray());
        assertEquals(0, tally.runs() + tally.cacheHits(), "no variant went to the sandbox");
        assertEquals(fresh.size(), recorded.taken());
    }

    @Test
    void aChangedProgramTestsOrLimitsIsCheckedAfresh() {
        Task task = CODE.get(0);
        CodeTests tests = task.codeTests();
        List<String> expected = WrongCode.checked(task, freshGrades, new CodeTally());

        assertAfresh(task, grades(LIMITS.withWallTimeout(LIMITS.wallTimeout().plus(Duration.ofSeconds(1)))),
                expected, "a wall limit one second longer");
        assertAfresh(task, grades(LIMITS.withCpuTime(Duration.ofSeconds(3))), expected, "a CPU limit of 3 s");

        Task otherTests = new Task(task.id(), task.benchmark(), task.category(), task.prompt(), task.gold(),
                task.format(), new CodeTests(tests.kind(), tests.prefix(), tests.testCode() + "\n# changed\n",
                        tests.functionName(), tests.packedCases()));
        assertAfresh(otherTests, grades(LIMITS), expected, "the tests with a comment added");

        Task otherProgram = new Task(task.id(), task.benchmark(), task.category(), task.prompt(),
                task.gold().stripTrailing() + "  # changed\n", task.format(), tests);
        CodeTally tally = new CodeTally();
        WrongCodeChecks recorded = WrongCodeChecks.demo();
        List<String> wrong = WrongCode.checked(otherProgram, grades(LIMITS), tally, recorded);
        assertEquals(0, recorded.taken(), "a changed reference's variants are other programs");
        assertTrue(tally.runs() > 0);
        assertNotEquals(expected, wrong);

        // The same program and tests under another task's id: the record names the task it was made for.
        Task otherId = new Task(task.id() + "-copy", task.benchmark(), task.category(), task.prompt(), task.gold(),
                task.format(), tests);
        assertAfresh(otherId, grades(LIMITS), expected, "another task id");
    }

    @Test
    void recordsAreReadStrictly() {
        String hash = "a".repeat(64);
        String good = "{\"task\":\"t/1\",\"variant\":\"0\",\"sha256\":\"" + hash + "\",\"fails\":true}";
        assertEquals(List.of(new WrongCodeChecks.Entry("t/1", "0", hash, true)), read(good).entries());
        assertEquals(Boolean.TRUE, read(good).verdict("t/1", hash));
        assertEquals(null, read(good).verdict("t/2", hash));
        assertTrue(error(good + "\n" + good).contains("in.jsonl line 2: task t/1 has sha256 " + hash
                + " a second time"));
        assertTrue(error(good.replace("\"fails\"", "\"passes\"")).contains("in.jsonl line 1: unknown key \"passes\""));
        assertTrue(error(good.replace(hash, "ABC")).contains("in.jsonl line 1: \"sha256\" must be 64 lowercase hex"));
        assertTrue(error(good.replace("true", "\"yes\"")).contains("\"fails\" must be true or false"));
        assertTrue(error(good.replace(",\"variant\":\"0\"", "")).contains("\"variant\" must be a non-empty string"));
        assertTrue(error("[1]").contains("in.jsonl line 1: expected an object"));
    }

    private static void assertAfresh(Task task, CodeGradeCache grades, List<String> expected, String change) {
        CodeTally tally = new CodeTally();
        WrongCodeChecks recorded = WrongCodeChecks.demo();
        List<String> wrong = WrongCode.checked(task, grades, tally, recorded);
        assertEquals(0, recorded.taken(), change + ": a shipped verdict was taken");
        assertTrue(tally.runs() > 0, change + ": nothing ran in the sandbox");
        assertEquals(expected, wrong, change);
    }

    private static WrongCodeChecks read(String text) {
        try {
            return WrongCodeChecks.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "in.jsonl");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String error(String text) {
        String message = assertThrows(IllegalArgumentException.class, () -> read(text)).getMessage();
        assertNotNull(message);
        return message;
    }

    private static CodeGradeCache grades(Limits limits) {
        return new CodeGradeCache(new CodeGrader(Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP)
                .limits(limits).parallelism(PARALLELISM).build()), CodeGradeCache.DEFAULT_CAPACITY);
    }
}
