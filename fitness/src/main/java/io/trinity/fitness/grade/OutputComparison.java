package io.trinity.fitness.grade;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * LiveCodeBench's stdout rule (lcb_runner/evaluation/testing_util.py, grade_stdio): both outputs stripped, split
 * into lines, each line stripped; lines must be equal, or else hold the same whitespace-separated decimals.
 */
final class OutputComparison {

    private OutputComparison() {
    }

    /** Empty when the outputs agree; else which line differs and how. */
    static Optional<String> mismatch(String actual, String expected) {
        List<String> got = strippedLines(actual);
        List<String> want = strippedLines(expected);
        if (got.size() != want.size()) {
            return Optional.of(got.size() + " lines, expected " + want.size() + " (got " + CodeGrader.shorten(actual)
                    + ", expected " + CodeGrader.shorten(expected) + ")");
        }
        for (int i = 0; i < got.size(); i++) {
            if (!got.get(i).equals(want.get(i)) && !sameDecimals(got.get(i), want.get(i))) {
                return Optional.of("line " + (i + 1) + " is " + CodeGrader.shorten(got.get(i)) + ", expected "
                        + CodeGrader.shorten(want.get(i)));
            }
        }
        return Optional.empty();
    }

    private static List<String> strippedLines(String text) {
        return text.strip().lines().map(String::strip).toList();
    }

    private static boolean sameDecimals(String a, String b) {
        String[] left = a.split("\\s+");
        String[] right = b.split("\\s+");
        if (left.length != right.length) {
            return false;
        }
        try {
            for (int i = 0; i < left.length; i++) {
                if (new BigDecimal(left[i]).compareTo(new BigDecimal(right[i])) != 0) {
                    return false;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
