package io.trinity.fitness.code;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plausible wrong versions of a reference solution, for a simulated model that drew "wrong" on a code task: the
 * kind of slip a real model makes, not a program that is visibly sabotaged. Each variant is one small source edit,
 * tried in this order and each at its first site that is outside a string literal:
 * <ol>
 *   <li>an off-by-one comparison ({@code <} and {@code <=}, {@code >} and {@code >=} swapped);</li>
 *   <li>a flipped equality ({@code ==} and {@code !=} swapped);</li>
 *   <li>an off-by-one range bound ({@code range(..., n)} becomes {@code range(..., n - 1)});</li>
 *   <li>a flipped arithmetic operator ({@code +} and {@code -} swapped);</li>
 *   <li>a wrong boolean ({@code True} and {@code False}, {@code and} and {@code or} swapped);</li>
 *   <li>a dropped statement (the last line that has a sibling statement after it in the same block).</li>
 * </ol>
 * A solution none of these applies to, or whose every variant still passes its tests, gets {@link #fallback}:
 * the tested function returns None. The result is a pure function of the source text, so every JVM that builds
 * an answer key from the same tasks gets the same variants. Whether a variant really fails is for the sandbox to
 * say ({@code AnswerKey} checks them where it can).
 */
public final class BrokenVariants {

    private static final Pattern COMPARISON = Pattern.compile("(?<![<>=!-])(<=|>=|<|>)(?![<>=])");
    private static final Pattern EQUALITY = Pattern.compile("(==|!=)");
    private static final Pattern RANGE = Pattern.compile("\\brange\\(");
    private static final Pattern ARITHMETIC = Pattern.compile("(?<=[\\w)\\]] )([+-])(?= [\\w(\\[])");
    private static final Pattern BOOLEAN = Pattern.compile("\\b(True|False|and|or)\\b");

    private BrokenVariants() {
    }

    /** The single-edit variants of {@code reference}, in the order above, without duplicates; may be empty. */
    public static List<String> of(String reference) {
        Set<String> variants = new LinkedHashSet<>();
        add(variants, reference, replaceFirst(reference, COMPARISON, m -> switch (m.group(1)) {
            case "<=" -> "<";
            case ">=" -> ">";
            case "<" -> "<=";
            default -> ">=";
        }));
        add(variants, reference, replaceFirst(reference, EQUALITY, m -> m.group(1).equals("==") ? "!=" : "=="));
        add(variants, reference, shortenRange(reference));
        add(variants, reference, replaceFirst(reference, ARITHMETIC, m -> m.group(1).equals("+") ? "-" : "+"));
        add(variants, reference, replaceFirst(reference, BOOLEAN, m -> switch (m.group(1)) {
            case "True" -> "False";
            case "False" -> "True";
            case "and" -> "or";
            default -> "and";
        }));
        add(variants, reference, dropStatement(reference));
        return List.copyOf(variants);
    }

    /**
     * A wrong answer that always fits the task's shape: a bare body (a HumanEval completion) becomes
     * {@code return None} at the body's indentation; a whole program gets {@code function} redefined after it to
     * return None (or, with no function name known, a body-less program that raises).
     */
    public static String fallback(String reference, String function) {
        String first = reference.lines().filter(line -> !line.isBlank()).findFirst().orElse("");
        String indent = first.substring(0, first.length() - first.stripLeading().length());
        if (!indent.isEmpty()) {
            return indent + "return None\n";
        }
        if (function.isEmpty()) {
            return reference.stripTrailing() + "\nraise NotImplementedError\n";
        }
        return reference.stripTrailing() + "\n\n\ndef " + function + "(*args, **kwargs):\n    return None\n";
    }

    private static void add(Set<String> variants, String reference, String variant) {
        if (variant != null && !variant.equals(reference)) {
            variants.add(variant);
        }
    }

    private interface Edit {
        String replacement(Matcher match);
    }

    /** The source with the first match outside strings and comments replaced; null when there is none. */
    private static String replaceFirst(String source, Pattern pattern, Edit edit) {
        int offset = 0;
        for (String line : source.split("\n", -1)) {
            int code = codeEnd(line);
            Matcher m = pattern.matcher(line);
            while (m.find() && m.start() < code) {
                if (!insideString(line, m.start())) {
                    int at = offset + m.start(1);
                    return source.substring(0, at) + edit.replacement(m) + source.substring(offset + m.end(1));
                }
            }
            offset += line.length() + 1;
        }
        return null;
    }

    /** The last argument of the first {@code range(...)} call gets {@code - 1}; null when there is none. */
    private static String shortenRange(String source) {
        Matcher m = RANGE.matcher(source);
        while (m.find()) {
            int depth = 1;
            int i = m.end();
            for (; i < source.length() && depth > 0; i++) {
                char c = source.charAt(i);
                if (c == '(' || c == '[' || c == '{') {
                    depth++;
                } else if (c == ')' || c == ']' || c == '}') {
                    depth--;
                }
            }
            if (depth != 0) {
                return null;
            }
            int close = i - 1;
            // range(a, b, step): the bound is the middle argument; shortening the step would not be off by one.
            String args = source.substring(m.end(), close);
            int commas = topLevelCommas(args);
            int boundEnd = commas == 2 ? m.end() + secondComma(args) : close;
            if (!args.isBlank()) {
                return source.substring(0, boundEnd) + " - 1" + source.substring(boundEnd);
            }
        }
        return null;
    }

    private static int topLevelCommas(String args) {
        int depth = 0;
        int commas = 0;
        for (char c : args.toCharArray()) {
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                commas++;
            }
        }
        return commas;
    }

    private static int secondComma(String args) {
        int depth = 0;
        int seen = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0 && ++seen == 2) {
                return i;
            }
        }
        return args.length();
    }

    /**
     * Drops the last simple statement that is followed, in the same block, by another statement at the same
     * indentation: the result still parses, and a step of the algorithm is missing.
     */
    private static String dropStatement(String source) {
        List<String> lines = new ArrayList<>(List.of(source.split("\n", -1)));
        for (int i = lines.size() - 2; i >= 0; i--) {
            String line = lines.get(i);
            if (line.isBlank() || line.stripTrailing().endsWith(":") || line.stripTrailing().endsWith("\\")
                    || line.strip().startsWith("#") || line.strip().startsWith("return")
                    || opens(line)) {
                continue;
            }
            int next = i + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
            if (next < lines.size() && indent(lines.get(next)) == indent(line) && indent(line) > 0
                    && (i == 0 || !lines.get(i - 1).stripTrailing().endsWith("\\"))) {
                lines.remove(i);
                return String.join("\n", lines);
            }
        }
        return null;
    }

    /** Whether a line leaves a bracket or a triple-quoted string open, so it does not end its statement. */
    private static boolean opens(String line) {
        int depth = 0;
        for (char c : line.toCharArray()) {
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
        }
        return depth != 0 || line.contains("\"\"\"") || line.contains("'''");
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }

    /** Where the code of a line ends: at a {@code #} that is not inside a string. */
    private static int codeEnd(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && !insideString(line, i)) {
                return i;
            }
        }
        return line.length();
    }

    /** Whether position {@code at} lies inside a single-line string literal (quotes counted from the start). */
    private static boolean insideString(String line, int at) {
        char open = 0;
        for (int i = 0; i < at; i++) {
            char c = line.charAt(i);
            if (open != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == open) {
                    open = 0;
                }
            } else if (c == '\'' || c == '"') {
                open = c;
            }
        }
        return open != 0;
    }
}
