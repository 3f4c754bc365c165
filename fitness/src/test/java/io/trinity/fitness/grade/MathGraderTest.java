package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.trinity.fitness.code.CodeTests;
import io.trinity.fitness.task.AnswerFormat;
import io.trinity.fitness.task.Task;
import java.util.List;
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
    void numericGoldsCompareExactlyAndAcceptAnUnmarkedLastNumber() {
        assertInstanceOf(MathGrader.class, Graders.forTask(math("\\frac{14}{3}")));
        assertTrue(grade("\\frac{14}{3}", "\\boxed{14/3}").correct());
        assertTrue(grade("0.15", "The answer is $\\frac{3}{20}$").correct());
        assertTrue(grade("10,\\!080", "so there are 10080 ways").correct());
        assertFalse(grade("\\frac{1}{3}", "\\boxed{0.333333}").correct());
        assertFalse(grade("5", "\\boxed{5\\sqrt{2}}").correct());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -2 + 7i                                    | \\boxed{7i-2}
            1 \\pm \\sqrt{19}                          | \\boxed{1-\\sqrt{19}, 1+\\sqrt{19}}
            \\{1\\pm\\sqrt{5},-2\\}                    | \\boxed{-2, 1+\\sqrt5, 1-\\sqrt5}
            -2,1                                       | \\boxed{1, -2}
            (-\\infty, 2) \\cup (3, \\infty)            | \\boxed{(3,\\infty)\\cup(-\\infty,2)}
            \\begin{pmatrix} 1/5 \\\\ -18/5 \\end{pmatrix} | \\boxed{\\begin{pmatrix} 0.2 \\\\ -\\frac{18}{5} \\end{pmatrix}}
            y = 2x + 3                                 | \\boxed{y=3+2x}
            y = -2x                                    | \\boxed{-2x}
            5x - 7y + 11z + 4 = 0                      | \\boxed{-5x+7y-11z-4=0}
            x^5 - x^4 + x^3 - x^2 + x - 1              | \\boxed{(x-1)(x^4+x^2+1)}
            (a+5)(b+2)                                 | \\boxed{ab+2a+5b+10}
            \\frac{11+9a}{20}                          | \\boxed{\\frac{9a}{20}+\\frac{11}{20}}
            \\cot x                                    | \\boxed{\\frac{\\cos x}{\\sin x}}
            18+2\\pi                                   | \\boxed{2(\\pi+9)}
            2516_8                                     | \\boxed{2516_{8}}
            \\frac{270}7\\text{ degrees}               | \\boxed{\\frac{270}{7}^\\circ}
            5.4 \\text{ cents}                         | \\boxed{5.4}
            \\$32,\\!348                               | The answer is \\$32,348.
            137 \\frac{1}{2}                           | \\boxed{275/2}
            \\text{(C)}                                | \\boxed{C}
            \\left[ \\frac{\\pi^2}{8}, \\frac{5 \\pi^2}{4} \\right] | \\boxed{[\\pi^2/8, 5\\pi^2/4]}
            x=5                                        | \\boxed{5}
            """)
    void acceptsEquivalentStructuresAndExpressions(String gold, String reply) {
        Grade grade = grade(gold, reply);
        assertTrue(grade.correct(), grade.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -2 + 7i                                    | \\boxed{7-2i}
            1 \\pm \\sqrt{19}                          | \\boxed{1+\\sqrt{19}}
            (-1,6)                                     | \\boxed{(6,-1)}
            (-\\infty, 0]                              | \\boxed{(-\\infty, 0)}
            (-\\infty, 2) \\cup (3, \\infty)            | \\boxed{(-\\infty,3)\\cup(2,\\infty)}
            y = 2x + 3                                 | \\boxed{y=2x-3}
            x^5 - x^4 + x^3 - x^2 + x - 1              | \\boxed{(x+1)(x^4+x^2+1)}
            2k                                         | \\boxed{2n}
            \\text{east}                               | \\boxed{\\text{seat}}
            3, 5, 7                                    | \\boxed{3, 5}
            \\frac{\\sqrt{21}}{5}                      | \\boxed{0.9165}
            """)
    void rejectsDifferentStructuresAndExpressions(String gold, String reply) {
        Grade grade = grade(gold, reply);
        assertFalse(grade.correct(), grade.toString());
    }

    @Test
    void hostileRepliesAreGradedWrongWithoutThrowing() {
        List<String> replies = List.of("\\boxed{" + "(".repeat(5000) + "}", "\\boxed{" + "{".repeat(5000) + "1",
                "\\boxed{" + "-".repeat(900) + "1}", "\\boxed{2^{2^{2^{2^{100}}}}}", "\\boxed{1000!}",
                "\\boxed{\\frac{1}{0}}", "\\boxed{\\sqrt[0]{2}}", "\\boxed{" + "1+".repeat(400) + "1}",
                "The answer is " + "x".repeat(100_000), "\\boxed{\\frac}", "\\boxed{((1,2)}", "$$$", "\\boxed{}");
        for (String reply : replies) {
            Grade grade = grade("5", reply);
            assertFalse(grade.correct(), reply.substring(0, Math.min(40, reply.length())));
        }
    }

    @Test
    void codeIsGradedInTheSandbox() {
        String prompt = "def f():\n";
        Task code = new Task("HumanEval/0", "humaneval", "humaneval", prompt, "    return 1\n", AnswerFormat.CODE,
                CodeTests.asserts(prompt, "def check(g):\n    assert g() == 1\n\ncheck(f)\n", "f"));
        // Run, not compared as text: a different program that passes the tests is right, one that fails is wrong.
        assertTrue(Graders.forTask(code).grade(code, "```python\ndef f():\n    return 2 - 1\n```").correct());
        assertFalse(Graders.forTask(code).grade(code, "```python\ndef f():\n    return 1 + 1\n```").correct());
        assertEquals(ChoiceGrader.class, Graders.forTask(
                new Task("m", "mmlu", "mmlu", "q", "A", AnswerFormat.CHOICE)).getClass());
    }
}
