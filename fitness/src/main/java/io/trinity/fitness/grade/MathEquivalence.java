package io.trinity.fitness.grade;

import io.trinity.fitness.grade.MathExpression.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether two LaTeX answers mean the same, in the spirit of the PRM800K grader: equal after normalisation, or of
 * the same shape (tuple, interval, union, set or list, matrix, equation) with equal parts. Parts that are numbers or
 * expressions are equal when their values are: exactly for rational values, otherwise at a few fixed points to 1e-9.
 * Ordered shapes (tuples, intervals) need the same brackets; sets and bare lists compare in any order, and
 * {@code a \pm b} stands for the two values.
 */
final class MathEquivalence {

    private static final Pattern MEMBERSHIP = Pattern.compile("^[A-Za-z]\\s*\\\\in\\s*");
    private static final Pattern MATRIX = Pattern.compile(
            "\\\\begin\\{[pbvB]?matrix}(.*)\\\\end\\{[pbvB]?matrix}", Pattern.DOTALL);
    private static final Pattern COMMAND = Pattern.compile("\\\\[A-Za-z]+");
    /** Text, not a product of variables: a run of three letters, or nothing but two or more letters. */
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{3,}|^\\s*[A-Za-z]{2,}\\s*$");
    /** A left side that names what the right side is: {@code x}, {@code \\theta}, {@code a_1}, {@code f(x)}. */
    private static final Pattern NAME =
            Pattern.compile("\\\\?[A-Za-z]+(?:_\\{?[A-Za-z0-9]+}?)?(?:\\(\\s*[A-Za-z]\\s*\\))?");
    private static final Pattern PLUS_MINUS = Pattern.compile("\\\\(?:pm|mp)(?![A-Za-z])");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** A numeral with its base, as MATH writes it: 2516_8. */
    private static final Pattern BASE_NUMERAL = Pattern.compile("([0-9A-Za-z]+)_\\{?\\d+}?");
    private static final Pattern NUMERAL = Pattern.compile("[0-9A-Za-z]+");
    private static final String LESS = "(<|\\\\leq?(?![A-Za-z]))";
    private static final Pattern ONE_SIDED = Pattern.compile(
            "([A-Za-z])\\s*(<|>|\\\\[lg]eq?(?![A-Za-z]))\\s*([^<>=]+)");
    private static final Pattern TWO_SIDED = Pattern.compile(
            "([^<>=]+?)\\s*" + LESS + "\\s*([A-Za-z])\\s*" + LESS + "\\s*([^<>=]+)");
    /** Points at which expressions in variables are compared; irregular, so that unequal expressions rarely meet. */
    private static final double[][] POINTS = {{0.7386, 1.2718, 2.0319, 0.4137}, {1.9177, 0.5341, 1.3386, 2.2913},
            {2.6101, 1.4493, 0.8362, 1.1057}};

    private MathEquivalence() {
    }

    static boolean equivalent(String given, String gold) {
        String a = Latex.prepare(given);
        String b = Latex.prepare(gold);
        if (compact(a).equalsIgnoreCase(compact(b))) {
            return true;
        }
        a = asInterval(MEMBERSHIP.matcher(a).replaceFirst(""));
        b = asInterval(MEMBERSHIP.matcher(b).replaceFirst(""));
        return Shape.of(a).restatementsMerged().matches(Shape.of(b));
    }

    /** {@code x \le 3} as {@code (-\infty,3]}, {@code -2 < x \le 7} as {@code (-2,7]}; other text unchanged. */
    static String asInterval(String s) {
        Matcher oneSided = ONE_SIDED.matcher(s);
        if (oneSided.matches()) {
            String op = oneSided.group(2);
            boolean closed = op.startsWith("\\");
            String bound = oneSided.group(3);
            return op.startsWith("<") || op.startsWith("\\l")
                    ? "(-\\infty," + bound + (closed ? "]" : ")")
                    : (closed ? "[" : "(") + bound + ",\\infty)";
        }
        Matcher twoSided = TWO_SIDED.matcher(s);
        if (twoSided.matches()) {
            return (twoSided.group(2).startsWith("\\") ? "[" : "(") + twoSided.group(1) + ","
                    + twoSided.group(5) + (twoSided.group(4).startsWith("\\") ? "]" : ")");
        }
        return s;
    }

    /** An answer's outer structure. {@code open} and {@code close} are the brackets of an ordered shape. */
    private record Shape(Kind kind, String open, String close, List<String> parts) {

        enum Kind { SINGLE, ORDERED, UNORDERED, UNION, MATRIX }

        static Shape of(String s) {
            Matcher matrix = MATRIX.matcher(s);
            if (matrix.matches()) {
                List<String> cells = new ArrayList<>();
                List<String> rows = splitTopLevel(matrix.group(1).strip(), "\\\\");
                for (String row : rows) {
                    cells.add("#row");
                    cells.addAll(splitTopLevel(row, "&"));
                }
                // A column vector may be written as a tuple: (1, 2) answers a 2x1 pmatrix.
                return rows.size() > 1 && cells.size() == 2 * rows.size()
                        ? new Shape(Kind.ORDERED, "(", ")", cells.stream().filter(c -> !c.equals("#row")).toList())
                        : new Shape(Kind.MATRIX, "", "", cells);
            }
            List<String> union = splitTopLevel(s, "\\cup");
            if (union.size() > 1) {
                return new Shape(Kind.UNION, "", "", union);
            }
            if (s.startsWith("\\{") && s.endsWith("\\}")) {
                return unordered(splitTopLevel(s.substring(2, s.length() - 2), ","));
            }
            if (s.length() >= 2 && "([".indexOf(s.charAt(0)) >= 0 && ")]".indexOf(s.charAt(s.length() - 1)) >= 0
                    && closes(s)) {
                List<String> inner = splitTopLevel(s.substring(1, s.length() - 1), ",");
                if (inner.size() > 1) {
                    return new Shape(Kind.ORDERED, s.substring(0, 1), s.substring(s.length() - 1), inner);
                }
            }
            List<String> list = splitTopLevel(s, ",");
            if (list.size() > 1 || PLUS_MINUS.matcher(s).find()) {
                return unordered(list);
            }
            return new Shape(Kind.SINGLE, "", "", List.of(s));
        }

        /** A list whose items all mean the same ("15\\frac{39}{40} or \\frac{639}{40}") is one answer, restated. */
        Shape restatementsMerged() {
            if (kind != Kind.UNORDERED) {
                return this;
            }
            for (String part : parts.subList(1, parts.size())) {
                if (!elementsEqual(part, parts.get(0))) {
                    return this;
                }
            }
            return new Shape(Kind.SINGLE, "", "", List.of(parts.get(0)));
        }

        private static Shape unordered(List<String> elements) {
            List<String> expanded = new ArrayList<>();
            for (String element : elements) {
                if (PLUS_MINUS.matcher(element).find()) {
                    expanded.add(PLUS_MINUS.matcher(element).replaceFirst("+"));
                    expanded.add(PLUS_MINUS.matcher(element).replaceFirst("-"));
                } else {
                    expanded.add(element);
                }
            }
            return expanded.size() == 1 ? new Shape(Kind.SINGLE, "", "", expanded)
                    : new Shape(Kind.UNORDERED, "", "", expanded);
        }

        boolean matches(Shape gold) {
            if (kind != gold.kind || parts.size() != gold.parts.size()) {
                return false;
            }
            return switch (kind) {
                case SINGLE -> elementsEqual(parts.get(0), gold.parts.get(0));
                case ORDERED, MATRIX -> open.equals(gold.open) && close.equals(gold.close) && inOrder(gold.parts);
                case UNORDERED -> inAnyOrder(gold.parts, MathEquivalence::elementsEqual);
                case UNION -> inAnyOrder(gold.parts, (x, y) -> of(x).matches(of(y)));
            };
        }

        private boolean inOrder(List<String> goldParts) {
            for (int i = 0; i < parts.size(); i++) {
                if (!parts.get(i).equals(goldParts.get(i)) && !elementsEqual(parts.get(i), goldParts.get(i))) {
                    return false;
                }
            }
            return true;
        }

        private boolean inAnyOrder(List<String> goldParts, java.util.function.BiPredicate<String, String> equal) {
            List<String> unmatched = new ArrayList<>(goldParts);
            for (String part : parts) {
                int match = -1;
                for (int i = 0; i < unmatched.size() && match < 0; i++) {
                    if (equal.test(part, unmatched.get(i))) {
                        match = i;
                    }
                }
                if (match < 0) {
                    return false;
                }
                unmatched.remove(match);
            }
            return true;
        }
    }

    /** Whether two parts without outer structure are equal: as text, as equations, or by value. */
    static boolean elementsEqual(String given, String gold) {
        String a = given.strip();
        String b = gold.strip();
        if (compact(a).equalsIgnoreCase(compact(b))) {
            return true;
        }
        if (sameNumeral(a, b) || sameNumeral(b, a)) {
            return true;
        }
        List<String> givenSides = splitTopLevel(a, "=");
        List<String> goldSides = splitTopLevel(b, "=");
        if (givenSides.size() == 2 && goldSides.size() == 2) {
            return compact(givenSides.get(0)).equals(compact(goldSides.get(0)))
                    ? valuesEqual(givenSides.get(1), goldSides.get(1))
                    : sameEquation(givenSides, goldSides);
        }
        if (givenSides.size() == 2 && goldSides.size() == 1 && isName(givenSides.get(0))) {
            return elementsEqual(givenSides.get(1), b);
        }
        if (goldSides.size() == 2 && givenSides.size() == 1 && isName(goldSides.get(0))) {
            return elementsEqual(a, goldSides.get(1));
        }
        return givenSides.size() == 1 && goldSides.size() == 1 && valuesEqual(a, b);
    }

    /** "2516" answers "2516_8": the question names the base, and the subscript only repeats it. */
    private static boolean sameNumeral(String plain, String withBase) {
        Matcher base = BASE_NUMERAL.matcher(withBase);
        return NUMERAL.matcher(plain).matches() && base.matches() && base.group(1).equalsIgnoreCase(plain);
    }

    /** Two equations are the same when one's left minus right is a non-zero multiple of the other's. */
    private static boolean sameEquation(List<String> given, List<String> gold) {
        Optional<Expr> a = difference(given);
        Optional<Expr> b = difference(gold);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        Complex ratio = null;
        for (Map<String, Complex> point : points(a.get(), b.get())) {
            Complex x = a.get().at(point);
            Complex y = b.get().at(point);
            if (y.abs() < 1e-12) {
                if (x.abs() >= 1e-12) {
                    return false;
                }
                continue;
            }
            Complex r = x.dividedBy(y);
            if (r.abs() < 1e-12 || (ratio != null && !r.near(ratio))) {
                return false;
            }
            ratio = r;
        }
        return ratio != null;
    }

    private static Optional<Expr> difference(List<String> sides) {
        Optional<Expr> left = expression(sides.get(0));
        Optional<Expr> right = expression(sides.get(1));
        return left.isPresent() && right.isPresent()
                ? Optional.of(new MathExpression.Binary('-', left.get(), right.get())) : Optional.empty();
    }

    private static boolean valuesEqual(String given, String gold) {
        Optional<Expr> a = expression(given);
        Optional<Expr> b = expression(gold);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        Optional<Rational> exactA = a.get().exact();
        Optional<Rational> exactB = b.get().exact();
        if (exactA.isPresent() && exactB.isPresent()) {
            return exactA.get().equals(exactB.get());
        }
        for (Map<String, Complex> point : points(a.get(), b.get())) {
            if (!a.get().at(point).near(b.get().at(point))) {
                return false;
            }
        }
        return true;
    }

    /** The parsed expression, unless the text holds words: "east" is not e*a*s*t. */
    private static Optional<Expr> expression(String text) {
        String withoutCommands = COMMAND.matcher(text).replaceAll(" ");
        if (WORD.matcher(withoutCommands).find()) {
            return Optional.empty();
        }
        return MathExpression.parse(text);
    }

    private static List<Map<String, Complex>> points(Expr a, Expr b) {
        Set<String> variables = new TreeSet<>();
        a.collectVariables(variables);
        b.collectVariables(variables);
        List<Map<String, Complex>> points = new ArrayList<>();
        int rows = variables.isEmpty() ? 1 : POINTS.length;
        for (int p = 0; p < rows; p++) {
            Map<String, Complex> point = new HashMap<>();
            int v = 0;
            for (String variable : variables) {
                // More variables than columns reuse columns shifted, still distinct from each other.
                point.put(variable, Complex.real(POINTS[p][v % POINTS[p].length] + 0.1 * (v / POINTS[p].length)));
                v++;
            }
            points.add(point);
        }
        return points;
    }

    private static boolean isName(String side) {
        return NAME.matcher(side.strip()).matches();
    }

    private static String compact(String s) {
        return WHITESPACE.matcher(s).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** Whether the bracket at 0 is closed by the last character, not earlier: (1,2) but not (1,2)\cup(3,4). */
    private static boolean closes(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
                if (depth == 0 && i < s.length() - 1) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    /** Splits at {@code separator} where no bracket or brace is open. */
    static List<String> splitTopLevel(String s, String separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '{' || s.charAt(i + 1) == '}')
                    && !separator.equals("\\\\")) {
                depth += s.charAt(i + 1) == '{' ? 1 : -1;
                i++;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(separator, i)
                    && !(separator.equals("\\cup") && i + 4 < s.length() && Character.isLetter(s.charAt(i + 4)))) {
                parts.add(s.substring(start, i).strip());
                start = i + separator.length();
                i = start - 1;
            }
        }
        parts.add(s.substring(start).strip());
        return parts;
    }
}
