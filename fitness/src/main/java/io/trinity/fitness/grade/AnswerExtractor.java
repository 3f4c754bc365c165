package io.trinity.fitness.grade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
            "(?:(?<![\\w)])-)?(?:\\\\[dt]?frac\\{\\d+}\\{\\d+}|"
            + "(?<![\\w.])(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d+)?(?:/\\d+)?(?![\\w]))");
    private static final Pattern MARKDOWN_BOLD = Pattern.compile("\\*\\*");
    private static final Pattern UNBRACED_BOX = Pattern.compile("\\\\boxed\\s+([^\\s$]+)");
    /** Math delimiters that may open a stated answer, with their closers. */
    private static final List<String[]> MATH_DELIMITERS = List.of(
            new String[] {"$$", "$$"}, new String[] {"$", "$"}, new String[] {"\\(", "\\)"},
            new String[] {"\\[", "\\]"});
    /** A sentence ends at a period followed by a space or the end, never inside a decimal such as 3.5. */
    private static final Pattern SENTENCE_END = Pattern.compile("\\.(?:\\s|$)");
    /** A closing aside in words, "42 (since 6 * 7 = 42)"; math such as "(2, \\infty)" has a backslash or no word. */
    private static final Pattern PROSE_ASIDE = Pattern.compile("\\s+\\([^()\\\\]*[A-Za-z]{3}[^()\\\\]*\\)$");
    private static final Pattern BOLD_NUMBER =
            Pattern.compile("\\*\\*\\s*((?:\\\\?\\$)?-?\\d[\\d,.]*(?:\\s*[A-Za-z%]+)*)\\s*\\*\\*");
    private static final Pattern BOX_SEPARATOR =
            Pattern.compile("[\\s,;$]*(?:and|or|\\\\text\\{\\s*(?:and|or)\\s*})?[\\s,;$]*");
    private static final List<Pattern> MATH_SEGMENTS = List.of(
            Pattern.compile("\\$\\$(.+?)\\$\\$", Pattern.DOTALL),
            Pattern.compile("\\\\\\[(.+?)\\\\]", Pattern.DOTALL),
            Pattern.compile("(?<![$\\\\])\\$([^$]+)\\$(?!\\$)"),
            Pattern.compile("\\\\\\((.+?)\\\\\\)", Pattern.DOTALL));

    private static final String THINK_END = "</think>";
    private static final Map<Character, String> UNICODE = Map.ofEntries(
            Map.entry('\u2212', "-"), Map.entry('\u2013', "-"), Map.entry('\u00a0', " "), Map.entry('\u2009', " "),
            Map.entry('\u202f', " "), Map.entry('\u00d7', "\\times "), Map.entry('\u00f7', "\\div "),
            Map.entry('\u22c5', "\\cdot "), Map.entry('\u00b7', "\\cdot "), Map.entry('\u03c0', "\\pi "),
            Map.entry('\u221a', "\\sqrt"), Map.entry('\u221e', "\\infty "), Map.entry('\u2264', "\\le "),
            Map.entry('\u2265', "\\ge "), Map.entry('\u00bd', " 1/2"), Map.entry('\u00bc', " 1/4"),
            Map.entry('\u00be', " 3/4"));

    private AnswerExtractor() {
    }

    /**
     * The part of a reply that holds its answer, in ASCII LaTeX: what follows a closed reasoning block
     * ({@code <think>...</think>}) when anything does, with Unicode minus signs, spaces and math symbols written as
     * the ASCII or LaTeX the graders read.
     */
    static String conclusion(String reply) {
        int thinkEnd = reply.lastIndexOf(THINK_END);
        String text = reply;
        if (thinkEnd >= 0 && !reply.substring(thinkEnd + THINK_END.length()).isBlank()) {
            text = reply.substring(thinkEnd + THINK_END.length());
        }
        StringBuilder ascii = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = UNICODE.get(c);
            if (replacement == null) {
                ascii.append(c);
            } else {
                ascii.append(replacement);
            }
        }
        return ascii.toString();
    }

    /**
     * The answer the reply marks as final: the last {@code \boxed{..}} or {@code \fbox{..}}, else the last
     * {@code #### x}, else the last "answer is x" / "answer: x" (which also covers "Final answer: x").
     */
    static Optional<String> marked(String reply) {
        return lastBoxed(reply)
                .or(() -> lastGroup(UNBRACED_BOX, reply))
                .or(() -> lastGroup(HASHES, reply))
                .or(() -> lastGroup(ANSWER_IS, reply).map(AnswerExtractor::statedAnswer))
                .filter(answer -> !answer.isEmpty());
    }

    /**
     * What follows "the answer is": the first math segment when it opens with one ("$\\frac{3}{4}$. I hope it is
     * correct."), else the text up to the end of the sentence, without a closing aside in words.
     */
    static String statedAnswer(String text) {
        for (String[] delimiters : MATH_DELIMITERS) {
            if (text.startsWith(delimiters[0])) {
                int close = text.indexOf(delimiters[1], delimiters[0].length());
                if (close > 0) {
                    return text.substring(delimiters[0].length(), close).strip();
                }
            }
        }
        Matcher end = SENTENCE_END.matcher(text);
        String sentence = (end.find() ? text.substring(0, end.start()) : text).strip();
        String withoutAside = PROSE_ASIDE.matcher(sentence).replaceFirst("");
        return withoutAside.isBlank() ? sentence : withoutAside.strip();
    }

    /**
     * The content of the last box whose braces balance, nested braces included. Boxes that end the reply together,
     * separated by nothing but commas, "and" or "or" ({@code \boxed{3} and \boxed{-1}}), are one answer: "3, -1".
     */
    static Optional<String> lastBoxed(String reply) {
        List<int[]> boxes = new ArrayList<>();
        Matcher box = BOX.matcher(reply);
        while (box.find()) {
            int close = Latex.matchingClose(reply, box.end() - 1);
            if (close > 0) {
                boxes.add(new int[] {box.start(), box.end(), close});
            }
        }
        if (boxes.isEmpty()) {
            return Optional.empty();
        }
        int first = boxes.size() - 1;
        while (first > 0 && BOX_SEPARATOR.matcher(reply.substring(boxes.get(first - 1)[2] + 1,
                boxes.get(first)[0])).matches()) {
            first--;
        }
        List<String> contents = new ArrayList<>();
        for (int[] b : boxes.subList(first, boxes.size())) {
            contents.add(reply.substring(b[1], b[2]).strip());
        }
        return Optional.of(String.join(", ", contents));
    }

    /**
     * The content of the reply's last math segment ({@code $..$}, {@code $$..$$}, {@code \(..\)}, {@code \[..\]}),
     * right of its last "=" where it has one: what an unmarked reply usually ends on.
     */
    static Optional<String> lastMathSegment(String reply) {
        Optional<String> last = Optional.empty();
        int lastEnd = -1;
        for (Pattern segment : MATH_SEGMENTS) {
            Matcher matcher = segment.matcher(reply);
            while (matcher.find()) {
                if (matcher.end() > lastEnd && !matcher.group(1).isBlank()) {
                    lastEnd = matcher.end();
                    last = Optional.of(matcher.group(1));
                }
            }
        }
        return last.map(math -> math.substring(math.lastIndexOf('=') + 1).strip()).filter(math -> !math.isEmpty());
    }

    /**
     * A number the reply's last line puts in bold ("Janet makes **$18** a day (9 eggs at $2)."): where a reply marks
     * nothing else, the writer's emphasis beats the position of the last number.
     */
    static Optional<String> boldNumberOfLastLine(String reply) {
        String[] lines = reply.strip().split("\n");
        Optional<String> last = Optional.empty();
        Matcher bold = BOLD_NUMBER.matcher(lines[lines.length - 1]);
        while (bold.find()) {
            last = Optional.of(bold.group(1).strip());
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

    /** The group of the last match; a match may start inside an earlier one ("Answer: the answer is 5"). */
    private static Optional<String> lastGroup(Pattern pattern, String text) {
        Optional<String> last = Optional.empty();
        Matcher matcher = pattern.matcher(text);
        int from = 0;
        while (from < text.length() && matcher.find(from)) {
            last = Optional.of(MARKDOWN_BOLD.matcher(matcher.group(1)).replaceAll("").strip());
            from = matcher.start(1);
        }
        return last.filter(answer -> !answer.isEmpty());
    }
}
