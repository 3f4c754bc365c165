package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.Optional;

/**
 * Whether two answers extracted from replies to the same task say the same thing, by the rule that grades that
 * task: voting baselines count votes with it. Code answers are the same only when their text is, whitespace aside,
 * since deciding whether two programs agree would need tests the voters have not seen.
 */
public final class AnswerEquivalence {

    private AnswerEquivalence() {
    }

    public static boolean same(Task task, String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        return switch (task.format()) {
            case NUMBER -> {
                Optional<Rational> first = NumericGrader.value(a);
                yield first.isPresent() && first.equals(NumericGrader.value(b));
            }
            case CHOICE -> false;
            case MATH -> MathEquivalence.equivalent(a, b);
            case CODE -> a.replaceAll("\\s+", " ").strip().equals(b.replaceAll("\\s+", " ").strip());
        };
    }
}
