package io.trinity.fitness.grade;

import java.util.regex.Pattern;

/**
 * LaTeX normalisation in the spirit of the MATH and PRM800K graders, so that answers differing only in typesetting
 * compare equal: text wrappers, math delimiters, sizing, spacing, degree and percent signs, fraction variants and
 * trailing units go.
 */
final class Latex {

    private static final Pattern TEXT_WRAPPER = Pattern.compile(
            "\\\\(?:text|textbf|textrm|textit|textnormal|mathrm|mathbf|mathit|mbox|operatorname)\\s*\\{([^{}]*)}");
    private static final Pattern DOLLARS = Pattern.compile("\\\\?\\$");
    private static final Pattern DISPLAY = Pattern.compile("\\\\(?:displaystyle|mathdisp)(?![A-Za-z])");
    // \left and \right only as commands of their own, never the prefix of \rightarrow.
    private static final Pattern SIZED_DELIMITERS =
            Pattern.compile("\\\\(?:left|right|[bB]igg?[lr]?)(?![A-Za-z])");
    private static final Pattern THOUSANDS_SPACING = Pattern.compile(",\\\\!\\s*|\\{,}");
    /** 1\\,000\\,000: a thin space between digit groups is a thousands separator, not a product. */
    private static final Pattern THIN_SPACE_GROUPS = Pattern.compile("(?<=\\d)\\\\[,!]\\s*(?=\\d{3}(?!\\d))");
    private static final Pattern SPACING = Pattern.compile("(?<!\\\\)\\\\[!,;: ]|~|\\\\q?quad(?![A-Za-z])");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*}?|°|\\\\degree(?![A-Za-z])");
    private static final Pattern PERCENT = Pattern.compile("\\\\?%");
    private static final Pattern FRACTION_VARIANTS = Pattern.compile("\\\\[dt]frac(?![A-Za-z])");
    private static final Pattern TRAILING_UNIT = Pattern.compile("(?<=[\\d}.\\s])\\s*(?:"
            + "units?|square|sq|cubic|cm|centimeters?|mm|millimeters?|meters?|km|kilometers?|inch(?:es)?|feet|foot"
            + "|ft|yards?|miles?|mph|seconds?|minutes?|hours?|hrs?|days?|weeks?|months?|years?|degrees?|radians?"
            + "|dollars?|cents?|pounds?|lbs?|ounces?|grams?|kg|liters?|gallons?|people|students|ways)"
            + "\\.?\\s*(?:\\^\\s*\\{?\\s*\\d\\s*}?)?\\s*$");
    private static final Pattern BRACED_SUBSCRIPT = Pattern.compile("_\\{([A-Za-z0-9]+)}");
    /** "1 or -2", "3 and 5": lists, as PRM800K reads them. */
    private static final Pattern LIST_WORDS = Pattern.compile("\\s+(?:or|and)\\s+");
    /** "\\frac{\\sqrt{21}}{5} \\approx 0.917": the exact value is the answer, the approximation an aside. */
    private static final Pattern APPROXIMATION = Pattern.compile("\\\\approx(?![A-Za-z]).*$", Pattern.DOTALL);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PUNCTUATION = Pattern.compile("[\\s.]+$");
    private static final Pattern THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?");

    private Latex() {
    }

    /** Replaces {@code \text{x}} and similar wrappers by their content, innermost first. */
    static String unwrapText(String latex) {
        String previous;
        String current = latex;
        do {
            previous = current;
            current = TEXT_WRAPPER.matcher(previous).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(
                    m.group(1)));
        } while (!current.equals(previous));
        return current;
    }

    /**
     * An answer made ready to parse: without wrappers, delimiters, sizing, spacing commands, degrees, percent signs,
     * trailing units or thousands separators, and with {@code \dfrac} and {@code \tfrac} as {@code \frac}. Plain
     * spaces are kept, since they end command names ({@code \cot x}).
     */
    static String prepare(String answer) {
        String s = unwrapText(answer);
        s = DOLLARS.matcher(s).replaceAll("");
        s = DISPLAY.matcher(s).replaceAll("");
        s = APPROXIMATION.matcher(s).replaceAll("");
        s = SIZED_DELIMITERS.matcher(s).replaceAll("");
        s = THOUSANDS_SPACING.matcher(s).replaceAll(",");
        s = THIN_SPACE_GROUPS.matcher(s).replaceAll("");
        s = SPACING.matcher(s).replaceAll(" ");
        s = DEGREES.matcher(s).replaceAll("");
        s = PERCENT.matcher(s).replaceAll("");
        s = FRACTION_VARIANTS.matcher(s).replaceAll("\\\\frac");
        s = BRACED_SUBSCRIPT.matcher(s).replaceAll("_$1");
        s = LIST_WORDS.matcher(s).replaceAll(", ");
        s = TRAILING_PUNCTUATION.matcher(s).replaceAll("");
        String previous;
        do {
            previous = s;
            s = TRAILING_UNIT.matcher(s).replaceAll("");
        } while (!s.equals(previous));
        s = stripOuterBraces(s.strip());
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        return s;
    }

    /** The canonical compact form of an answer: {@link #prepare}d, without any whitespace. */
    static String normalize(String answer) {
        return WHITESPACE.matcher(prepare(answer)).replaceAll("");
    }

    /** {@code {x+1}} is {@code x+1}, but {@code {1}{2}} keeps its braces. */
    private static String stripOuterBraces(String s) {
        while (s.length() >= 2 && s.charAt(0) == '{' && matchingClose(s, 0) == s.length() - 1) {
            s = s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** The index of the brace closing the one at {@code open}, or -1. */
    static int matchingClose(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }
}
