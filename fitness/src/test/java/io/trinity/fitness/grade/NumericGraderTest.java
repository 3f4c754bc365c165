package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumericGraderTest {

    private static Grade grade(String gold, String reply) {
        Task task = new Task("t/1", "gsm8k", "gsm8k", "question", gold, AnswerFormat.NUMBER);
        return Graders.forTask(task).grade(task, reply.replace("\\n", "\n"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            42     | The answer is 42.
            42     | The answer is $42$.
            42     | Final answer: 42 apples
            42     | **Final Answer:** **42**
            42     | So she has \\boxed{42} left.
            42     | \\fbox{42.00}
            42     | #### 42
            42     | She pays 6 * 7 = 42
            42     | The answer is therefore 42, as computed.
            2125   | The total is $2,125.
            2125   | \\boxed{2,125}
            2125   | The answer is \\$2,125.00
            -10    | The temperature ends at -10 degrees.
            -10    | \\boxed{-10}
            0.5    | \\boxed{\\frac{1}{2}}
            0.5    | \\boxed{\\dfrac{1}{2}}
            0.5    | The answer is 1/2
            1/2    | The answer is 0.50
            50     | The answer is 50%.
            18.9   | The answer is \\$18.90
            10080  | \\boxed{10,\\!080}
            90     | \\boxed{90^\\circ}
            5      | \\boxed{x = 5}
            7      | Answer: \\boxed{\\text{7 cm}}
            """)
    void acceptsTheRightNumberInManyForms(String gold, String reply) {
        Grade grade = grade(gold, reply);
        assertTrue(grade.correct(), grade.toString());
        assertTrue(grade.reason().contains("matches"), grade.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            42    | The answer is 41.
            42    | \\boxed{42.5}
            42    | \\boxed{-42}
            42    | \\boxed{420}
            42    | I first thought \\boxed{42} but it is \\boxed{43}.
            42    | 42 people came, then 7 left, leaving 35
            2125  | #### 2,126
            0.5   | \\boxed{\\frac{1}{3}}
            0.5   | The answer is 5
            -10   | The answer is 10
            """)
    void rejectsWrongNumbers(String gold, String reply) {
        Grade grade = grade(gold, reply);
        assertFalse(grade.correct(), grade.toString());
        assertTrue(grade.reason().contains("expected " + gold), grade.reason());
    }

    @Test
    void reasonNamesExtractedAndExpected() {
        assertEquals(new Grade(false, "41", "extracted 41, expected 42"), grade("42", "\\boxed{41}"));
        assertEquals(new Grade(true, "42", "extracted 42, matches 42"), grade("42", "\\boxed{42}"));
    }

    @Test
    void aReplyWithoutNumbersHasNoAnswer() {
        Grade grade = grade("42", "I do not know.");
        assertFalse(grade.correct());
        assertNull(grade.extracted());
        assertEquals("no answer found", grade.reason());
    }

    @Test
    void aMarkedAnswerThatIsNoNumberIsWrong() {
        Grade grade = grade("42", "The answer is \\boxed{\\pi}");
        assertFalse(grade.correct());
        assertEquals("\\pi", grade.extracted());
        assertTrue(grade.reason().contains("not a number"), grade.reason());
    }

    @Test
    void aNonNumericGoldIsADataError() {
        var e = assertThrows(IllegalArgumentException.class, () -> grade("many", "\\boxed{3}"));
        assertTrue(e.getMessage().contains("t/1"), e.getMessage());
    }
}
