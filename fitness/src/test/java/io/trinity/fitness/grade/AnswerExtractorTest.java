package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnswerExtractorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            So $\\boxed{5}$.                                    | 5
            First \\boxed{1}, then \\boxed{\\frac{1}{2}}.       | \\frac{1}{2}
            \\boxed{\\left\\{ {1}, {2} \\right\\}}              | \\left\\{ {1}, {2} \\right\\}
            \\fbox{ 7 }                                         | 7
            Broken \\boxed{3} and \\boxed{4                     | 3
            The answer is 12. Then \\boxed{13}                  | 13
            Work.\\n#### 72                                     | 72
            The answer is **42** apples.                        | 42 apples
            Final answer: $x = 3$                               | x = 3
            Final Answer: The final answer is $\\frac{3}{4}$. I hope it is correct. | \\frac{3}{4}
            The answer is \\(2\\sqrt{5}\\), since the rest cancels.   | 2\\sqrt{5}
            The answer is 3.5 meters. Check: 7/2 = 3.5            | 3.5 meters
            Hence \\boxed 7 is the answer                      | 7
            The answer is: 7\\nThe answer is 8                  | 8
            """)
    void findsTheMarkedAnswer(String reply, String expected) {
        assertEquals(Optional.of(expected), AnswerExtractor.marked(reply.replace("\\n", "\n")));
    }

    @Test
    void unmarkedRepliesHaveNoMarkedAnswer() {
        assertEquals(Optional.empty(), AnswerExtractor.marked("I computed 3 + 4 = 7 so that is it."));
        assertEquals(Optional.empty(), AnswerExtractor.marked("The answer is   "));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3 + 4 = 7 so that is it.           | 7
            It costs $1,250.50 in total.       | 1,250.50
            We owe -12 dollars                 | -12
            Compute 3-5                        | 5
            probability 1/2.                   | 1/2
            In 2024 there were 5th-grade 31 kids | 31
            f(x)-3                             | 3
            """)
    void findsTheLastNumber(String text, String expected) {
        assertEquals(Optional.of(expected), AnswerExtractor.lastNumber(text));
    }

    @Test
    void textWithoutDigitsHasNoNumber() {
        assertEquals(Optional.empty(), AnswerExtractor.lastNumber("no digits here, x2 is a name"));
    }
}
