package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MathGraderTest {

    private static Task math(String gold) {
        return new Task("math/1", "math", "math", "problem", gold, AnswerFormat.MATH);
    }

    private static Grade grade(String gold, String reply) {
        Task task = math(gold);
        return Graders.forTask(task).grade(task, reply);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            \\left( 3, \\frac{\\pi}{2} \\right)  | \\boxed{(3,\\frac{\\pi}{2})}
            3\\sqrt{13}                          | So \\boxed{3 \\sqrt{13}}.
            \\text{Evelyn}                       | \\boxed{Evelyn}
            \\frac{3\\sqrt{3}}{4}                | \\boxed{\\dfrac{3\\sqrt{3}}{4}}
            \\frac{3\\sqrt{3}}{4}                | The answer is $\\tfrac{3\\sqrt{3}}{4}$.
            p - q                                | Final answer: $p-q$
            (2,\\infty)                          | \\boxed{\\left(2, \\infty\\right)}
            \\frac{\\sqrt{3}}{3}                 | \\boxed{\\frac{\\sqrt{3}}{3}\\!}
            x \\in [-2,7]                        | \\boxed{x\\in[-2,7]}
            """)
    void acceptsLatexThatDiffersOnlyInTypesetting(String gold, String reply) {
        Grade grade = grade(gold, reply);
        assertTrue(grade.correct(), grade.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3\\sqrt{13}          | \\boxed{3\\sqrt{12}}
            \\text{Evelyn}       | \\boxed{Navin}
            (2,\\infty)          | \\boxed{[2,\\infty)}
            p - q                | \\boxed{q - p}
            """)
    void rejectsDifferentLatex(String gold, String reply) {
        assertFalse(grade(gold, reply).correct());
    }

    @Test
    void needsAMarkedAnswer() {
        Grade grade = grade("3\\sqrt{13}", "It is 3 times the root of 13");
        assertFalse(grade.correct());
        assertTrue(grade.reason().startsWith("no marked answer"), grade.reason());
    }

    @Test
    void numericGoldsAreGradedAsNumbers() {
        assertInstanceOf(NumericGrader.class, Graders.forTask(math("\\frac{14}{3}")));
        assertInstanceOf(NumericGrader.class, Graders.forTask(math("10,\\!080")));
        assertInstanceOf(MathGrader.class, Graders.forTask(math("3\\sqrt{13}")));
        assertTrue(grade("\\frac{14}{3}", "\\boxed{14/3}").correct());
        assertTrue(grade("0.15", "The answer is $\\frac{3}{20}$").correct());
    }

    @Test
    void codeIsGradedInTheSandbox() {
        Task code = new Task("HumanEval/0", "humaneval", "humaneval", "def f():", "    return 1", AnswerFormat.CODE);
        assertInstanceOf(CodeGrader.class, Graders.forTask(code));
        assertEquals(ChoiceGrader.class, Graders.forTask(
                new Task("m", "mmlu", "mmlu", "q", "A", AnswerFormat.CHOICE)).getClass());
    }
}
