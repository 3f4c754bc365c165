package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.Optional;

/** Compares the reply's final number with the gold number exactly, as fractions. */
final class NumericGrader implements Grader {

    @Override
    public Grade grade(Task task, String reply) {
        String response = AnswerExtractor.conclusion(reply);
        Rational gold = NumericAnswer.parse(task.gold()).orElseThrow(() -> new IllegalArgumentException(
                "task " + task.id() + ": gold answer '" + task.gold() + "' is not a number"));
        Optional<String> answer = AnswerExtractor.marked(response).or(() -> AnswerExtractor.lastNumber(response));
        if (answer.isEmpty()) {
            return Grade.noAnswer("answer");
        }
        String extracted = answer.get();
        Optional<Rational> value = value(extracted);
        if (value.isEmpty()) {
            return new Grade(false, extracted, "extracted " + extracted + ", which is not a number");
        }
        return Grade.compared(value.get().equals(gold), extracted, task.gold());
    }

    /** A marked answer may carry words around the number ("therefore 42, as computed"), or a result ("x = 5"). */
    private static Optional<Rational> value(String extracted) {
        String result = extracted.substring(extracted.lastIndexOf('=') + 1);
        return NumericAnswer.parse(result)
                .or(() -> AnswerExtractor.firstNumber(result).flatMap(NumericAnswer::parse));
    }
}
