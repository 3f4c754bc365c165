package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import org.junit.jupiter.api.Test;

class AnswerEquivalenceTest {

    private static Task task(AnswerFormat format) {
        return new Task("t", "custom", "custom", "question", format == AnswerFormat.CHOICE ? "A" : "1", format);
    }

    @Test
    void numbersAreTheSameWhenTheirValuesAre() {
        Task task = task(AnswerFormat.NUMBER);
        assertTrue(AnswerEquivalence.same(task, "1,250", "1250"));
        assertTrue(AnswerEquivalence.same(task, "x = 0.5", "\\frac12"));
        assertFalse(AnswerEquivalence.same(task, "12", "21"));
        assertFalse(AnswerEquivalence.same(task, "twelve", "12"));
    }

    @Test
    void mathAnswersAreTheSameWhenTheMathGraderWouldAcceptOneForTheOther() {
        Task task = task(AnswerFormat.MATH);
        assertTrue(AnswerEquivalence.same(task, "\\frac{1}{2}", "0.5"));
        assertTrue(AnswerEquivalence.same(task, "(1, 2)", "(1,2)"));
        assertFalse(AnswerEquivalence.same(task, "\\sqrt{2}", "2"));
    }

    @Test
    void lettersAndCodeCompareAsText() {
        assertTrue(AnswerEquivalence.same(task(AnswerFormat.CHOICE), "B", "B"));
        assertFalse(AnswerEquivalence.same(task(AnswerFormat.CHOICE), "B", "C"));
        Task code = new Task("c", "custom", "custom", "q", "", AnswerFormat.CODE);
        assertTrue(AnswerEquivalence.same(code, "def f():\n    return 1\n", "def f(): return 1"));
        assertFalse(AnswerEquivalence.same(code, "def f(): return 1", "def f(): return 2"));
    }

    @Test
    void noAnswerIsNeverTheSameAsAnything() {
        assertFalse(AnswerEquivalence.same(task(AnswerFormat.NUMBER), null, null));
        assertFalse(AnswerEquivalence.same(task(AnswerFormat.NUMBER), "1", null));
    }
}
