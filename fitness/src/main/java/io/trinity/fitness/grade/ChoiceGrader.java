package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the chosen option letter (A-D) from a reply and compares it with the gold letter. */
final class ChoiceGrader implements Grader {

    private static final String OPENERS = "[(*\\[\\s]*";
    private static final String LETTER = "([A-D])(?![A-Za-z0-9'])";
    private static final Pattern ANSWER = Pattern.compile("\\b(?i:answer)(?:\\s+is)?\\s*:?" + OPENERS + LETTER);
    private static final Pattern OPTION = Pattern.compile(
            "\\b(?i:option|choice)(?:\\s+is)?\\s*:?" + OPENERS + LETTER);
    private static final Pattern BOLD = Pattern.compile("\\*\\*\\s*\\(?([A-D])\\)?[.):]?\\s*\\*\\*");
    private static final Pattern PARENTHESISED = Pattern.compile("\\(([A-D])\\)");
    private static final Pattern LINE_START = Pattern.compile("(?m)^\\s*([A-D])[.):](?=\\s|$)");
    // "A" followed by a lower-case word is the article, not an option.
    private static final Pattern STANDALONE = Pattern.compile(
            "(?<![A-Za-z0-9'])([B-D]|A(?!\\s+[a-z]))(?![A-Za-z0-9'])");
    private static final Pattern BOXED_LETTER = Pattern.compile("\\(?([A-D])\\)?");
    /** How close to the end a bare letter must stand to count as the answer. */
    private static final int TAIL = 200;

    /** The forms an answer takes, most explicit first; within a form the last occurrence wins. */
    private static final List<Function<String, Optional<String>>> FORMS = List.of(
            reply -> last(ANSWER, reply),
            ChoiceGrader::boxedLetter,
            reply -> last(OPTION, reply),
            reply -> last(BOLD, reply),
            reply -> last(PARENTHESISED, reply),
            reply -> last(LINE_START, reply),
            reply -> last(STANDALONE, reply.substring(Math.max(0, reply.length() - TAIL))));

    @Override
    public Grade grade(Task task, String response) {
        Optional<String> letter = letter(response);
        if (letter.isEmpty()) {
            return Grade.noAnswer("option letter");
        }
        return Grade.compared(letter.get().equals(task.gold()), letter.get(), task.gold());
    }

    static Optional<String> letter(String reply) {
        for (Function<String, Optional<String>> form : FORMS) {
            Optional<String> letter = form.apply(reply);
            if (letter.isPresent()) {
                return letter;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> boxedLetter(String reply) {
        return AnswerExtractor.lastBoxed(reply)
                .map(Latex::normalize)
                .map(BOXED_LETTER::matcher)
                .filter(Matcher::matches)
                .map(matcher -> matcher.group(1));
    }

    private static Optional<String> last(Pattern pattern, String text) {
        Optional<String> last = Optional.empty();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            last = Optional.of(matcher.group(1));
        }
        return last;
    }
}
