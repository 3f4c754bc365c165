package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.Optional;

/**
 * For LaTeX answers that are not numbers (intervals, radicals, expressions): the marked answer and the gold must
 * be equal after light normalisation. Numeric golds go to {@link NumericGrader} instead (see {@link Graders}).
 */
final class MathGrader implements Grader {

    @Override
    public Grade grade(Task task, String response) {
        Optional<String> answer = AnswerExtractor.marked(response);
        if (answer.isEmpty()) {
            return Grade.noAnswer("marked answer (\\boxed{} or 'answer is')");
        }
        String extracted = answer.get();
        return Grade.compared(Latex.normalize(extracted).equals(Latex.normalize(task.gold())), extracted, task.gold());
    }
}
