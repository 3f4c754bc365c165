package io.trinity.fitness.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NumericAnswerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            42                       | 42   | 1
            -10                      | -10  | 1
            +7                       | 7    | 1
            2,125                    | 2125 | 1
            1,000,000.50             | 2000001 | 2
            0.5                      | 1    | 2
            .35625                   | 57   | 160
            3.10                     | 31   | 10
            5.                       | 5    | 1
            1/2                      | 1    | 2
            6/-4                     | -3   | 2
            \\frac{1}{2}             | 1    | 2
            \\dfrac{3}{6}            | 1    | 2
            \\tfrac{-3}{6}           | -1   | 2
            -\\frac{35}{9}           | -35  | 9
            $42$                     | 42   | 1
            \\$18.90                 | 189  | 10
            \\$32,\\!348             | 32348 | 1
            10,\\!080                | 10080 | 1
            50\\%                    | 50   | 1
            12%                      | 12   | 1
            18 dollars               | 18   | 1
            5.4 \\text{ cents}       | 27   | 5
            \\text{42}               | 42   | 1
            90^\\circ                | 90   | 1
            145^{\\circ}             | 145  | 1
            12 square feet.          | 12   | 1
            0                        | 0    | 1
            -0.0                     | 0    | 1
            """)
    void readsNumbersExactly(String text, String numerator, String denominator) {
        assertEquals(Optional.of(new Rational(new BigInteger(numerator), new BigInteger(denominator))),
                NumericAnswer.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "x", "3\\sqrt{13}", "1,-2", "6 - 5i", "\\frac43", "(3,4]", "\\pi", "1/0",
            "\\frac{1}{0}", "5x", "12,34", "x=5", "\\frac{\\sqrt{3}}{3}", "1e5"})
    void rejectsWhatIsNotASingleNumber(String text) {
        assertEquals(Optional.empty(), NumericAnswer.parse(text));
    }
}
