package io.trinity.fitness.key;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.trinity.fitness.code.BrokenVariants;
import io.trinity.fitness.demo.DemoTasks;
import io.trinity.fitness.grade.CodeGradeCache;
import io.trinity.fitness.grade.CodeGrader;
import io.trinity.fitness.grade.CodeTally;
import io.trinity.fitness.grade.Grade;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Limits;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Benchmark;
import io.trinity.fitness.task.Task;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The wrong code a key offers really fails, in the real sandbox, and the reference passes: over the demo's 96 code
 * tasks always, and over the whole HumanEval and MBPP files with {@code -Dtrinity.wrongCode.fullSets=true}.
 */
class WrongCodeTest {

    private static final List<Task> CODE = DemoTasks.load().stream()
            .filter(t -> t.format() == AnswerFormat.CODE).toList();
    private static CodeGradeCache grades;

    @BeforeAll
    static void setUp() {
        grades = new CodeGradeCache(new CodeGrader(Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP)
                .limits(WrongCode.checkingLimits(Limits.DEFAULT)).build()), CodeGradeCache.DEFAULT_CAPACITY);
    }

    @Test
    void everyDemoCodeTaskGetsCheckedWrongAnswersAndItsReferencePasses() {
        assertEquals(96, CODE.size());
        Share share = check(CODE, true);
        System.out.printf("demo code tasks: first variant fails the tests for %d of %d (%d without any variant)%n",
                share.firstFails, share.tasks, share.noVariant);
        // A share this low would mean the mutations are mostly harmless, i.e. not the slips they claim to be.
        assertTrue(share.firstFails >= share.tasks * 2 / 3, share.firstFails + " of " + share.tasks);
    }

    @Test
    @EnabledIfSystemProperty(named = "trinity.wrongCode.fullSets", matches = "true")
    void wholeDataSets() throws IOException {
        Path datasets = Path.of("src/test/datasets");
        List<Task> tasks = new ArrayList<>();
        try (InputStream in = Files.newInputStream(datasets.resolve("humaneval/HumanEval.jsonl.gz"))) {
            tasks.addAll(Benchmark.HUMANEVAL.load(in, "HumanEval.jsonl.gz"));
        }
        try (InputStream in = Files.newInputStream(datasets.resolve("mbpp_sanitized/test.jsonl"))) {
            tasks.addAll(Benchmark.MBPP.load(in, "mbpp_sanitized/test.jsonl"));
        }
        Share share = check(tasks, false);
        System.out.printf("HumanEval + MBPP: first variant fails the tests for %d of %d (%d without any variant; "
                + "%d references fail under the 2 s CPU cap and were left out)%n",
                share.firstFails, share.tasks, share.noVariant, share.slowReferences);
    }

    @Test
    void theKeyCarriesTheCheckedWrongAnswersOfCodeTasksOnly() throws IOException {
        List<Task> tasks = List.of(DemoTasks.load().get(0), CODE.get(0), CODE.get(30));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodeTally tally = new CodeTally();
        AnswerKey.write(tasks, out, grades, tally);
        List<JsonNode> lines = new ArrayList<>();
        new ObjectMapper().readerFor(JsonNode.class).readValues(out.toString(StandardCharsets.UTF_8))
                .forEachRemaining(n -> lines.add((JsonNode) n));
        assertFalse(lines.get(0).has("wrong"));
        for (int i = 1; i < 3; i++) {
            List<String> wrong = new ArrayList<>();
            lines.get(i).get("wrong").forEach(n -> wrong.add(n.textValue()));
            assertEquals(WrongCode.checked(tasks.get(i), grades, new CodeTally()), wrong);
            assertFalse(wrong.isEmpty());
        }
        assertTrue(tally.runs() + tally.cacheHits() >= 2);
    }

    private record Share(int tasks, int firstFails, int noVariant, int slowReferences) {
    }

    /** {@code strict}: every reference must pass under the checking limits, else such tasks are counted apart. */
    private static Share check(List<Task> tasks, boolean strict) {
        int firstFails = 0;
        int noVariant = 0;
        int slowReferences = 0;
        CodeTally tally = new CodeTally();
        for (Task task : tasks) {
            Grade gold = grades.grade(task, WrongCode.reply(task.gold()), tally);
            if (!strict && !gold.correct() && gold.reason().contains("CPU-time limit")) {
                slowReferences++;
                continue;
            }
            assertTrue(gold.correct(), task.id() + ": the reference fails: " + gold.reason());
            List<String> variants = BrokenVariants.of(task.gold());
            if (variants.isEmpty()) {
                noVariant++;
            } else if (!grades.grade(task, WrongCode.reply(variants.get(0)), tally).correct()) {
                firstFails++;
            }
            List<String> wrong = WrongCode.checked(task, grades, tally);
            assertFalse(wrong.isEmpty(), task.id() + ": no wrong answer fails the tests");
            for (String code : wrong) {
                Grade grade = grades.grade(task, WrongCode.reply(code), tally);
                assertFalse(grade.correct(), task.id() + ": offered as wrong but passes:\n" + code);
                assertTrue(grade.reason().startsWith("tests failed: exit"), task.id() + ": " + grade.reason());
            }
        }
        assertEquals(0, tally.sandboxFailures());
        return new Share(tasks.size() - slowReferences, firstFails, noVariant, slowReferences);
    }
}
