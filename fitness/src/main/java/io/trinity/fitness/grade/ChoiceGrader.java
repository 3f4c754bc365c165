package io.trinity.fitness.grade;

import io.trinity.fitness.task.Task;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the chosen option letter from a reply and compares it with the gold letter. The letters a reply may choose
 * are the option labels its task lists ("A. ...", "(B) ...", "C) ..."), A to D where the prompt shows none.
 */
final class ChoiceGrader implements Grader {

    private static final String DEFAULT_LETTERS = "ABCD";
    private static final Pattern OPTION_LABEL = Pattern.compile("(?m)^\\s*\\(?([A-J])[.):]\\s");
    private static final Pattern OPTION_LINE = Pattern.compile("(?m)^\\s*\\(?([A-J])[.):]\\s+(.+)$");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Map<String, List<Function<String, Optional<String>>>> FORMS_BY_LETTERS =
            new ConcurrentHashMap<>();
    /** How close to the end a bare letter must stand to count as the answer. */
    private static final int TAIL = 200;

    @Override
    public Grade grade(Task task, String reply) {
        String response = AnswerExtractor.conclusion(reply);
        Optional<String> letter = letter(response, optionLetters(task.prompt()))
                .or(() -> letterOfStatedOption(response, task.prompt()));
        if (letter.isEmpty()) {
            return Grade.noAnswer("option letter");
        }
        return Grade.compared(letter.get().equals(task.gold()), letter.get(), task.gold());
    }

    static Optional<String> letter(String reply) {
        return letter(reply, DEFAULT_LETTERS);
    }

    static Optional<String> letter(String reply, String letters) {
        for (Function<String, Optional<String>> form : FORMS_BY_LETTERS.computeIfAbsent(letters, ChoiceGrader::forms)) {
            Optional<String> letter = form.apply(reply);
            if (letter.isPresent()) {
                return letter;
            }
        }
        return Optional.empty();
    }

    /** "The answer is Paris." names option C when the prompt lists "C. Paris": a whole option, word for word. */
    static Optional<String> letterOfStatedOption(String reply, String prompt) {
        Optional<String> stated = AnswerExtractor.marked(reply).map(ChoiceGrader::plainWords);
        if (stated.isEmpty() || stated.get().isEmpty()) {
            return Optional.empty();
        }
        Matcher option = OPTION_LINE.matcher(prompt);
        while (option.find()) {
            if (plainWords(option.group(2)).equals(stated.get())) {
                return Optional.of(option.group(1));
            }
        }
        return Optional.empty();
    }

    private static String plainWords(String text) {
        return NOT_WORD.matcher(Latex.unwrapText(text).toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }

    /** The labels the prompt lists in order ("ABCD" for A. to D.), or A to D when it lists fewer than two. */
    static String optionLetters(String prompt) {
        StringBuilder letters = new StringBuilder();
        Matcher label = OPTION_LABEL.matcher(prompt);
        while (label.find()) {
            char c = label.group(1).charAt(0);
            if (letters.indexOf(String.valueOf(c)) < 0 && c == (char) ('A' + letters.length())) {
                letters.append(c);
            }
        }
        return letters.length() >= 2 ? letters.toString() : DEFAULT_LETTERS;
    }

    /** The forms an answer takes, most explicit first; within a form the last occurrence wins. */
    private static List<Function<String, Optional<String>>> forms(String letters) {
        String letter = "([" + letters + "])(?![A-Za-z0-9'])";
        String openers = "[(*\\[\\s]*";
        Pattern answer = Pattern.compile("\\b(?i:answer)(?:\\s+is)?\\s*:?" + openers + letter);
        // A lower-case letter counts only when it ends the line: "answer: b" but not "the answer is a bit".
        Pattern lowerCaseAnswer = Pattern.compile("(?m)\\b(?i:answer)(?:\\s+is)?\\s*:?" + openers + "(["
                + letters.toLowerCase(Locale.ROOT) + "])\\)?\\**\\.?\\s*$");
        Pattern option = Pattern.compile("\\b(?i:option|choice)(?:\\s+is)?\\s*:?" + openers + letter);
        Pattern bold = Pattern.compile("\\*\\*\\s*\\(?([" + letters + "])\\)?[.):]?\\s*\\*\\*");
        Pattern parenthesised = Pattern.compile("\\(([" + letters + "])\\)");
        Pattern lineStart = Pattern.compile("(?m)^\\s*([" + letters + "])[.):](?=\\s|$)");
        // "A" followed by a lower-case word is the article, and "I" is the pronoun, never a bare option.
        String bare = letters.replace("A", "").replace("I", "");
        Pattern standalone = Pattern.compile("(?<![A-Za-z0-9'])("
                + (bare.isEmpty() ? "" : "[" + bare + "]|") + "A(?!\\s+[a-z]))(?![A-Za-z0-9'])");
        Pattern boxed = Pattern.compile("\\(?([" + letters + "])\\)?");
        return List.of(
                reply -> last(answer, reply),
                reply -> last(lowerCaseAnswer, reply).map(l -> l.toUpperCase(Locale.ROOT)),
                reply -> boxedLetter(reply, boxed),
                reply -> last(option, reply),
                reply -> last(bold, reply),
                reply -> last(parenthesised, reply),
                reply -> last(lineStart, reply),
                reply -> last(standalone, reply.substring(Math.max(0, reply.length() - TAIL))));
    }

    private static Optional<String> boxedLetter(String reply, Pattern boxed) {
        return AnswerExtractor.lastBoxed(reply)
                .map(Latex::normalize)
                .map(boxed::matcher)
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
