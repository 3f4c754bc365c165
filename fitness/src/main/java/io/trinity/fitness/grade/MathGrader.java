package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.Optional;

/**
 * MATH-style answers: the reply's marked answer ({@code \boxed{}}, "the answer is") must mean the same as the gold
 * (see {@link MathEquivalence}). A reply that marks nothing is read by its last math segment, and where it has none
 * and the gold is a number, by its last number.
 */
final class MathGrader implements Grader {

    @Override
    public Grade grade(Task task, String reply) {
        String response = AnswerExtractor.conclusion(reply);
        Optional<Rational> numericGold = NumericAnswer.parse(task.gold());
        Optional<String> answer = AnswerExtractor.marked(response)
                .or(() -> AnswerExtractor.lastMathSegment(response))
                .or(() -> numericGold.isPresent() ? AnswerExtractor.lastNumber(response) : Optional.empty());
        if (answer.isEmpty()) {
            return Grade.noAnswer("marked answer (\\boxed{} or 'answer is')");
        }
        String extracted = answer.get();
        boolean correct = MathEquivalence.equivalent(extracted, task.gold())
                || (numericGold.isPresent() && NumericAnswer.parse(extracted).equals(numericGold));
        return Grade.compared(correct, extracted, task.gold());
    }
}
