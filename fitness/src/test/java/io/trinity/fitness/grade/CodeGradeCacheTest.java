package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.sandbox.IsolationPolicy;
import io.trinity.fitness.sandbox.Sandbox;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The grade cache in front of the real bubblewrap sandbox. */
class CodeGradeCacheTest {

    private static final String PROMPT = "def add(a, b):\n    \"\"\"Add two numbers.\"\"\"\n";
    private static final Task ADD = new Task("he/1", "humaneval", "code", PROMPT, "    return a + b\n",
            AnswerFormat.CODE,
            CodeTests.asserts(PROMPT, "def check(f):\n    assert f(2, 3) == 5\n\ncheck(add)\n", "add"));

    private static CodeGrader grader;

    @BeforeAll
    static void setUp() {
        grader = new CodeGrader(Sandbox.builder().isolation(IsolationPolicy.BUBBLEWRAP).build());
    }

    @Test
    void anAnswerGradedOnceIsNotRunAgainWhateverItsSurroundingText() {
        CodeGradeCache cache = new CodeGradeCache(grader, 100);
        CodeTally tally = new CodeTally();
        Grade first = cache.grade(ADD, "Here it is:\n```python\n    return a + b\n```", tally);
        Grade again = cache.grade(ADD, "Another lead.\n```python\n    return a + b\n```\n", tally);
        Grade wrong = cache.grade(ADD, "```python\n    return a - b\n```", tally);
        Grade wrongAgain = cache.grade(ADD, "```python\n    return a - b\n```", tally);
        assertTrue(first.correct(), first.reason());
        assertEquals(first, again);
        assertFalse(wrong.correct());
        assertTrue(wrong.reason().startsWith("tests failed"), wrong.reason());
        assertEquals(wrong, wrongAgain);
        assertEquals(2, tally.runs());
        assertEquals(2, tally.cacheHits());
        assertEquals(0, tally.sandboxFailures());
    }

    @Test
    void theSameAnswerToAnotherTaskOrWithOtherTestsRunsAgain() {
        Task other = new Task("he/2", "humaneval", "code", PROMPT, "    return a + b\n", AnswerFormat.CODE,
                CodeTests.asserts(PROMPT, "def check(f):\n    assert f(2, 2) == 5\n\ncheck(add)\n", "add"));
        CodeGradeCache cache = new CodeGradeCache(grader, 100);
        CodeTally tally = new CodeTally();
        assertTrue(cache.grade(ADD, "```python\n    return a + b\n```", tally).correct());
        assertFalse(cache.grade(other, "```python\n    return a + b\n```", tally).correct());
        assertEquals(2, tally.runs());
        assertEquals(0, tally.cacheHits());
    }

    @Test
    void identicalAnswersGradedAtOnceRunOnce() {
        CodeGradeCache cache = new CodeGradeCache(grader, 100);
        CodeTally tally = new CodeTally();
        List<CompletableFuture<Grade>> grades = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> cache.grade(ADD, "```python\n    return b + a\n```", tally)))
                .toList();
        grades.forEach(g -> assertTrue(g.join().correct()));
        assertEquals(1, tally.runs());
        assertEquals(5, tally.cacheHits());
    }

    @Test
    void theLeastRecentlyUsedGradeLeavesFirst() {
        CodeGradeCache cache = new CodeGradeCache(grader, 2);
        CodeTally tally = new CodeTally();
        for (String op : List.of("+", "-", "*", "+")) {
            cache.grade(ADD, "```python\n    return a " + op + " b\n```", tally);
        }
        assertEquals(2, cache.size());
        assertEquals(4, tally.runs()); // "+" was evicted by "*" and ran again
    }

    @Test
    void aSandboxThatFailsIsCountedGradedWrongAndNotCached() {
        CodeGradeCache cache = new CodeGradeCache(grader, 100);
        CodeTally tally = new CodeTally();
        // An interrupted grading thread gets no sandbox slot: the run never happens, through no fault of the answer.
        Thread.currentThread().interrupt();
        Grade grade = cache.grade(ADD, "```python\n    return a + b\n```", tally);
        assertTrue(Thread.interrupted());
        assertFalse(grade.correct());
        assertTrue(grade.reason().startsWith("not graded, the sandbox failed"), grade.reason());
        assertEquals(0, cache.size());
        Grade again = cache.grade(ADD, "```python\n    return a + b\n```", tally);
        assertTrue(again.correct(), again.reason());
        assertEquals(1, tally.sandboxFailures());
        assertEquals(1, tally.runs());
        assertEquals(0, tally.cacheHits());
    }
}
