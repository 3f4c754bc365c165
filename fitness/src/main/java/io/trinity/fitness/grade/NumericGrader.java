package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Compares the reply's final number with the gold number exactly, as fractions. */
final class NumericGrader implements Grader {

    @Override
    public Grade grade(Task task, String reply) {
        String response = AnswerExtractor.conclusion(reply);
        Rational gold = NumericAnswer.parse(task.gold()).orElseThrow(() -> new IllegalArgumentException(
                "task " + task.id() + ": gold answer '" + task.gold() + "' is not a number"));
        Optional<String> answer = AnswerExtractor.marked(response)
                .or(() -> AnswerExtractor.boldNumberOfLastLine(response))
                .or(() -> AnswerExtractor.lastNumber(response));
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

    /**
     * The number an answer states. It may be a result ("x = 5"), an expression without variables ("\\frac12",
     * "2^{10}"; "5\\sqrt{2}" is no rational and so no answer), or carry words around the number ("therefore 42, as
     * computed").
     */
    static Optional<Rational> value(String extracted) {
        String result = extracted.substring(extracted.lastIndexOf('=') + 1);
        Optional<Rational> number = NumericAnswer.parse(result);
        if (number.isPresent()) {
            return number;
        }
        Optional<MathExpression.Expr> expression = MathExpression.parse(Latex.prepare(result));
        if (expression.isPresent()) {
            Set<String> variables = new HashSet<>();
            expression.get().collectVariables(variables);
            if (variables.isEmpty()) {
                return expression.get().exact();
            }
        }
        return AnswerExtractor.firstNumber(result).flatMap(NumericAnswer::parse);
    }
}
