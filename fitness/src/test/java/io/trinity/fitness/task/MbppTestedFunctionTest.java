package io.trinity.fitness.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MbppTestedFunctionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            assert remove_Occ("hello","l") == "heo"                                       | remove_Occ
            assert set(similar_elements((3, 4, 5, 6),(5, 7, 4, 10))) == set((4, 5))       | similar_elements
            assert math.isclose(volume_cone(5,12), 314.15926535897927, rel_tol=0.001)     | volume_cone
            assert sum(10,15) == 6                                                        | sum
            assert sorted(list(f([1]))) == [1]                                            | f
            assert x == 1                                                                 | ''
            """)
    void findsTheFunctionAnAssertTests(String assertion, String expected) {
        assertEquals(expected, Benchmark.testedFunction(assertion));
    }
}
