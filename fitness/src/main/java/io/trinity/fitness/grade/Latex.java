package io.trinity.fitness.grade;

import java.util.regex.Pattern;

/** Light LaTeX normalisation, so that answers differing only in typesetting compare equal. */
final class Latex {

    private static final Pattern TEXT_WRAPPER =
            Pattern.compile("\\\\(?:text|textbf|textrm|textit|mathrm|mathbf|mbox)\\s*\\{([^{}]*)}");
    private static final Pattern DOLLARS = Pattern.compile("\\\\?\\$");
    // \left and \right only as commands of their own, never the prefix of \rightarrow.
    private static final Pattern SIZED_DELIMITERS = Pattern.compile("\\\\(?:left|right)(?![A-Za-z])");
    private static final Pattern SPACING = Pattern.compile("\\\\[!,;: ]");
    private static final Pattern DEGREES = Pattern.compile("\\^\\s*\\{?\\s*\\\\circ\\s*}?");
    private static final Pattern FRACTION_VARIANTS = Pattern.compile("\\\\[dt]frac(?![A-Za-z])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern TRAILING_PERIOD = Pattern.compile("\\.$");

    private Latex() {
    }

    /** Replaces {@code \text{x}} and similar wrappers by their content, innermost first. */
    static String unwrapText(String latex) {
        String previous;
        String current = latex;
        do {
            previous = current;
            current = TEXT_WRAPPER.matcher(previous).replaceAll("$1");
        } while (!current.equals(previous));
        return current;
    }

    /** The canonical form of an answer: no math delimiters, spacing, sizing, degree signs or text wrappers. */
    static String normalize(String answer) {
        String s = unwrapText(answer);
        s = DOLLARS.matcher(s).replaceAll("");
        s = SIZED_DELIMITERS.matcher(s).replaceAll("");
        s = SPACING.matcher(s).replaceAll("");
        s = DEGREES.matcher(s).replaceAll("");
        s = FRACTION_VARIANTS.matcher(s).replaceAll("\\\\frac");
        s = WHITESPACE.matcher(s).replaceAll("");
        return TRAILING_PERIOD.matcher(s).replaceAll("");
    }
}
