package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChoiceGraderTest {

    private static final Task TASK =
            new Task("mmlu/1", "mmlu", "mmlu", "Q?\nA. w\nB. x\nC. y\nD. z", "B", AnswerFormat.CHOICE);

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Answer: B                                                      | B
            answer: (C)                                                    | C
            The answer is D.                                               | D
            **Answer:** A                                                  | A
            Reasoning about A and C.\\nAnswer: B                           | B
            Option A is wrong, option C is wrong. The correct option is B. | B
            I choose choice (D)                                            | D
            The best fit is **C**.                                         | C
            **(A) w**                                                      | A
            Between (A) and (D), it is (D)                                 | D
            B. x is right because ...                                      | B
            A. w fails.\\nC) y holds.                                      | C
            $\\boxed{B}$                                                   | B
            \\boxed{\\text{(C)}}                                           | C
            I am confident it is C                                         | C
            A careful look shows D                                         | D
            Answer: B (I first wrote \\boxed{C})                           | B
            \\boxed{B} although option C was close                         | B
            The correct option is B, not (A).                              | B
            **C**, since (A) fails                                         | C
            A. w\\nB. x\\nThe pick is (C)                                  | C
            B. x holds, unlike D                                           | B
            """)
    void readsTheOptionLetter(String reply, String letter) {
        assertEquals(Optional.of(letter), ChoiceGrader.letter(reply.replace("\\n", "\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"I am not sure.", "A good question with no answer.", "Answers vary", ""})
    void findsNoLetterWhereThereIsNone(String reply) {
        assertEquals(Optional.empty(), ChoiceGrader.letter(reply));
    }

    @Test
    void comparesWithTheGoldLetter() {
        Grade right = Graders.forTask(TASK).grade(TASK, "Answer: B");
        Grade wrong = Graders.forTask(TASK).grade(TASK, "Thinking... Answer: C");
        assertTrue(right.correct(), right.toString());
        assertEquals(new Grade(false, "C", "extracted C, expected B"), wrong);
    }

    @Test
    void aBareLetterFarFromTheEndDoesNotCount() {
        Grade grade = Graders.forTask(TASK).grade(TASK, "B is tempting" + " and more words".repeat(20) + ".");
        assertFalse(grade.correct());
        assertEquals("no option letter found", grade.reason());
    }
}
