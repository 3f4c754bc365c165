package io.trinity.fitness.grade;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the final answer in a free-form reply. */
final class AnswerExtractor {

    private static final Pattern BOX = Pattern.compile("\\\\(?:boxed|fbox)\\s*\\{");
    private static final Pattern HASHES = Pattern.compile("####\\s*(\\S[^\\n]*)");
    private static final Pattern ANSWER_IS = Pattern.compile(
            "(?i)\\banswer\\s*(?:is\\s*:?|:)\\s*(\\S[^\\n]*)");
    // A minus sign right after a word or digit is subtraction, not a sign ("3-5" ends with 5).
    private static final Pattern NUMBER = Pattern.compile(
            "(?:(?<![\\w)])-)?(?<![\\w.])(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:/\\d+)?(?![\\w])");
    private static final Pattern MARKDOWN_BOLD = Pattern.compile("\\*\\*");

    private AnswerExtractor() {
    }

    /**
     * The answer the reply marks as final: the last {@code \boxed{..}} or {@code \fbox{..}}, else the last
     * {@code #### x}, else the last "answer is x" / "answer: x" (which also covers "Final answer: x").
     */
    static Optional<String> marked(String reply) {
        return lastBoxed(reply)
                .or(() -> lastGroup(HASHES, reply))
                .or(() -> lastGroup(ANSWER_IS, reply));
    }

    /** The content of the last box whose braces balance, nested braces included. */
    static Optional<String> lastBoxed(String reply) {
        Optional<String> last = Optional.empty();
        Matcher box = BOX.matcher(reply);
        while (box.find()) {
            int depth = 1;
            int i = box.end();
            for (; i < reply.length() && depth > 0; i++) {
                char c = reply.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                }
            }
            if (depth == 0) {
                last = Optional.of(reply.substring(box.end(), i - 1).strip());
            }
        }
        return last;
    }

    static Optional<String> lastNumber(String text) {
        Optional<String> last = Optional.empty();
        Matcher number = NUMBER.matcher(text);
        while (number.find()) {
            last = Optional.of(number.group());
        }
        return last;
    }

    static Optional<String> firstNumber(String text) {
        Matcher number = NUMBER.matcher(text);
        return number.find() ? Optional.of(number.group()) : Optional.empty();
    }

    private static Optional<String> lastGroup(Pattern pattern, String text) {
        Optional<String> last = Optional.empty();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            last = Optional.of(MARKDOWN_BOLD.matcher(matcher.group(1)).replaceAll("").strip());
        }
        return last.filter(answer -> !answer.isEmpty());
    }
}
