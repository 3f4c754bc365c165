package io.trinity.fitness.grade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A small exact evaluator for the LaTeX of math answers: numbers, fractions ({@code \frac 34}, {@code \frac9{19}}
 * too), radicals, powers, {@code \pi}, {@code i}, {@code \infty}, single-letter and Greek variables, implicit
 * multiplication, mixed numbers ({@code 1\frac{4}{5}}) and the usual functions. Rational parts are computed exactly;
 * the rest in complex doubles.
 */
final class MathExpression {

    /** A node of a parsed expression. */
    sealed interface Expr {

        /** The exact value, where every step stays rational. */
        Optional<Rational> exact();

        /** The value with each variable set from {@code point}. */
        Complex at(Map<String, Complex> point);

        void collectVariables(Set<String> into);
    }

    record Num(Rational value) implements Expr {
        public Optional<Rational> exact() {
            return Optional.of(value);
        }

        public Complex at(Map<String, Complex> point) {
            return Complex.real(value.toDouble());
        }

        public void collectVariables(Set<String> into) {
        }
    }

    record Constant(String name, Complex value) implements Expr {
        public Optional<Rational> exact() {
            return Optional.empty();
        }

        public Complex at(Map<String, Complex> point) {
            return value;
        }

        public void collectVariables(Set<String> into) {
        }
    }

    record Var(String name) implements Expr {
        public Optional<Rational> exact() {
            return Optional.empty();
        }

        public Complex at(Map<String, Complex> point) {
            return point.get(name);
        }

        public void collectVariables(Set<String> into) {
            into.add(name);
        }
    }

    record Neg(Expr operand) implements Expr {
        public Optional<Rational> exact() {
            return operand.exact().map(Rational::negate);
        }

        public Complex at(Map<String, Complex> point) {
            return operand.at(point).negate();
        }

        public void collectVariables(Set<String> into) {
            operand.collectVariables(into);
        }
    }

    record Binary(char op, Expr left, Expr right) implements Expr {
        public Optional<Rational> exact() {
            Optional<Rational> l = left.exact();
            Optional<Rational> r = l.isPresent() ? right.exact() : Optional.empty();
            if (r.isEmpty()) {
                return Optional.empty();
            }
            Rational a = l.get();
            Rational b = r.get();
            return switch (op) {
                case '+' -> Optional.of(a.plus(b));
                case '-' -> Optional.of(a.plus(b.negate()));
                case '*' -> Optional.of(a.times(b));
                case '/' -> a.dividedBy(b);
                case '^' -> a.pow(b);
                default -> throw new IllegalStateException("operator " + op);
            };
        }

        public Complex at(Map<String, Complex> point) {
            Complex a = left.at(point);
            Complex b = right.at(point);
            return switch (op) {
                case '+' -> a.plus(b);
                case '-' -> a.minus(b);
                case '*' -> a.times(b);
                case '/' -> a.dividedBy(b);
                case '^' -> a.pow(b);
                default -> throw new IllegalStateException("operator " + op);
            };
        }

        public void collectVariables(Set<String> into) {
            left.collectVariables(into);
            right.collectVariables(into);
        }
    }

    /** A function without an exact form ({@code \sin}, {@code \ln}, ...), except the square root of a square. */
    record Apply(String name, UnaryOperator<Complex> function, Expr argument) implements Expr {
        public Optional<Rational> exact() {
            return name.equals("sqrt") ? argument.exact().flatMap(Rational::sqrt) : Optional.empty();
        }

        public Complex at(Map<String, Complex> point) {
            return function.apply(argument.at(point));
        }

        public void collectVariables(Set<String> into) {
            argument.collectVariables(into);
        }
    }

    private static final Set<String> GREEK = Set.of("alpha", "beta", "gamma", "delta", "epsilon", "varepsilon",
            "zeta", "eta", "theta", "vartheta", "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "sigma", "tau",
            "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Sigma", "Phi", "Omega");
    private static final Map<String, UnaryOperator<Complex>> FUNCTIONS = Map.ofEntries(
            Map.entry("sin", Complex::sin),
            Map.entry("cos", Complex::cos),
            Map.entry("tan", z -> z.sin().dividedBy(z.cos())),
            Map.entry("cot", z -> z.cos().dividedBy(z.sin())),
            Map.entry("sec", z -> Complex.ONE.dividedBy(z.cos())),
            Map.entry("csc", z -> Complex.ONE.dividedBy(z.sin())),
            Map.entry("ln", Complex::log),
            Map.entry("log", Complex::log),
            Map.entry("exp", Complex::exp),
            Map.entry("arcsin", z -> Complex.real(Math.asin(z.re()))),
            Map.entry("arccos", z -> Complex.real(Math.acos(z.re()))),
            Map.entry("arctan", z -> Complex.real(Math.atan(z.re()))));
    /** Commands that join two factors, so they never start one. */
    private static final Set<String> INFIX = Set.of("cdot", "times", "div");

    /** Longer text is prose, not an answer; the bounds also keep recursion shallow on hostile input. */
    private static final int MAX_LENGTH = 1000;
    private static final int MAX_DEPTH = 100;
    private static final String OVERLINE = "\\overline{";

    private final String text;
    private int pos;
    private int depth;

    private MathExpression(String text) {
        this.text = text;
    }

    /** The parsed expression, or empty when the text is not an expression this evaluator knows. */
    static Optional<Expr> parse(String latex) {
        if (latex.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        MathExpression parser = new MathExpression(latex);
        try {
            Expr expr = parser.sum();
            parser.skipSpaces();
            return parser.pos == parser.text.length() ? Optional.of(expr) : Optional.empty();
        } catch (NotAnExpression | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Thrown on text this grammar does not cover; never escapes {@link #parse}. */
    private static final class NotAnExpression extends RuntimeException {
        NotAnExpression() {
            super(null, null, false, false);
        }
    }

    private Expr sum() {
        Expr left = product();
        while (true) {
            skipSpaces();
            if (peek() == '+' || peek() == '-') {
                char op = text.charAt(pos++);
                left = new Binary(op, left, product());
            } else {
                return left;
            }
        }
    }

    private Expr product() {
        Expr left = signed();
        while (true) {
            skipSpaces();
            char c = peek();
            if (c == '*' || c == '/') {
                pos++;
                left = new Binary(c, left, signed());
            } else if (c == '\\' && INFIX.contains(commandAt(pos))) {
                String command = command();
                left = new Binary(command.equals("div") ? '/' : '*', left, signed());
            } else if (startsFactor()) {
                left = new Binary('*', left, power());
            } else {
                return left;
            }
        }
    }

    private Expr signed() {
        skipSpaces();
        if (peek() == '-') {
            pos++;
            return new Neg(signed());
        }
        if (peek() == '+') {
            pos++;
            return signed();
        }
        return power();
    }

    private Expr power() {
        Expr base = factorial(primary());
        skipSpaces();
        if (peek() == '^') {
            pos++;
            return new Binary('^', base, exponent());
        }
        return base;
    }

    private Expr exponent() {
        skipSpaces();
        if (peek() == '-') {
            pos++;
            return new Neg(exponent());
        }
        return factorial(primary());
    }

    private Expr factorial(Expr operand) {
        if (peek() != '!') {
            return operand;
        }
        pos++;
        Rational n = operand.exact().filter(Rational::isInteger)
                .filter(v -> v.numerator().signum() >= 0 && v.numerator().compareTo(BigInteger.valueOf(1000)) <= 0)
                .orElseThrow(NotAnExpression::new);
        BigInteger product = BigInteger.ONE;
        for (int k = 2; k <= n.numerator().intValue(); k++) {
            product = product.multiply(BigInteger.valueOf(k));
        }
        return new Num(Rational.of(product));
    }

    private boolean startsFactor() {
        char c = peek();
        if (c == '\\') {
            String command = commandAt(pos);
            return !command.isEmpty() && !INFIX.contains(command);
        }
        return Character.isDigit(c) || c == '.' || isLetter(c) || c == '(' || c == '{' || c == '[';
    }

    private Expr primary() {
        if (++depth > MAX_DEPTH) {
            throw new NotAnExpression();
        }
        try {
            return primaryWithinDepth();
        } finally {
            depth--;
        }
    }

    private Expr primaryWithinDepth() {
        skipSpaces();
        char c = peek();
        if (Character.isDigit(c) || c == '.') {
            return numberOrMixed();
        }
        if (c == '(' || c == '{' || c == '[') {
            pos++;
            Expr inner = sum();
            expect(c == '(' ? ')' : c == '{' ? '}' : ']');
            return inner;
        }
        if (isLetter(c)) {
            pos++;
            return c == 'i' ? new Constant("i", Complex.I) : new Var(String.valueOf(c));
        }
        if (c == '\\') {
            return commandExpression(command());
        }
        throw new NotAnExpression();
    }

    private Expr commandExpression(String command) {
        switch (command) {
            case "frac", "dfrac", "tfrac" -> {
                Expr top = argument();
                return new Binary('/', top, argument());
            }
            case "sqrt" -> {
                skipSpaces();
                if (peek() == '[') {
                    pos++;
                    Expr index = sum();
                    expect(']');
                    return new Binary('^', argument(), new Binary('/', new Num(Rational.of(BigInteger.ONE)), index));
                }
                // \sqrt13 typesets as the root of 1 times 3, but whoever writes it means the root of 13.
                return new Apply("sqrt", Complex::sqrt, Character.isDigit(peek()) ? numberOrMixed() : argument());
            }
            case "pi" -> {
                return new Constant("pi", Complex.real(Math.PI));
            }
            case "infty", "infin" -> {
                return new Constant("infty", Complex.real(Double.POSITIVE_INFINITY));
            }
            default -> {
                if (GREEK.contains(command)) {
                    return new Var(command);
                }
                UnaryOperator<Complex> function = FUNCTIONS.get(command);
                if (function == null) {
                    throw new NotAnExpression();
                }
                return functionCall(command, function);
            }
        }
    }

    /** {@code \sin x}, {@code \sin(2x)}, {@code \sin^2 x}, {@code \log_2 8}. */
    private Expr functionCall(String name, UnaryOperator<Complex> function) {
        skipSpaces();
        Expr base = null;
        if (peek() == '_') {
            pos++;
            base = argument();
        }
        skipSpaces();
        Expr power = null;
        if (peek() == '^') {
            pos++;
            power = exponent();
        }
        skipSpaces();
        Expr argument;
        if (peek() == '(') {
            argument = primary();
        } else {
            argument = power();
            while (startsFactor() && peek() != '\\') {
                argument = new Binary('*', argument, power());
            }
        }
        Expr call = new Apply(name, function, argument);
        if (base != null) {
            call = new Binary('/', call, new Apply(name, function, base));
        }
        return power == null ? call : new Binary('^', call, power);
    }

    /** A LaTeX argument: a braced group, or a single character as in {@code \frac 34}. */
    private Expr argument() {
        skipSpaces();
        char c = peek();
        if (c == '{') {
            return primary();
        }
        if (Character.isDigit(c)) {
            pos++;
            return new Num(Rational.of(BigInteger.valueOf(c - '0')));
        }
        if (isLetter(c) || c == '\\') {
            return primary();
        }
        throw new NotAnExpression();
    }

    /** A decimal number; an integer right before a proper fraction is a mixed number, as in {@code 1\frac{4}{5}}. */
    private Expr numberOrMixed() {
        int start = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        boolean integer = true;
        if (peek() == '.' && pos + 1 < text.length()
                && (Character.isDigit(text.charAt(pos + 1)) || text.startsWith(OVERLINE, pos + 1))) {
            integer = false;
            pos++;
            while (Character.isDigit(peek())) {
                pos++;
            }
        } else if (pos == start) {
            throw new NotAnExpression();
        }
        String literal = text.substring(start, pos);
        Rational value = Rational.of(new BigDecimal(literal.endsWith(".") ? literal + "0" : literal));
        if (!integer && text.startsWith(OVERLINE, pos)) {
            return new Num(value.plus(repeatingPart(literal.length() - literal.indexOf('.') - 1)));
        }
        if (integer) {
            int afterNumber = pos;
            Optional<Rational> slashFraction = spacedSlashFraction();
            if (slashFraction.isPresent()) {
                return new Num(value.plus(slashFraction.get()));
            }
            pos = afterNumber;
            skipSpaces();
            String next = peek() == '\\' ? commandAt(pos) : "";
            if (next.equals("frac") || next.equals("dfrac") || next.equals("tfrac")) {
                command();
                Optional<Rational> fraction = new Binary('/', argument(), argument()).exact();
                if (fraction.isPresent() && fraction.get().numerator().signum() > 0
                        && fraction.get().numerator().compareTo(fraction.get().denominator()) < 0) {
                    return new Num(value.plus(fraction.get()));
                }
            }
            pos = afterNumber;
        }
        return new Num(value);
    }

    /** The value of {@code \\overline{6}} after {@code decimals} digits, as in {@code 0.1\\overline{6}} = 1/6. */
    private Rational repeatingPart(int decimals) {
        int close = text.indexOf('}', pos);
        String digits = close < 0 ? "" : text.substring(pos + OVERLINE.length(), close);
        if (!digits.matches("\\d{1,50}")) {
            throw new NotAnExpression();
        }
        pos = close + 1;
        BigInteger period = BigInteger.TEN.pow(digits.length()).subtract(BigInteger.ONE);
        return new Rational(new BigInteger(digits), BigInteger.TEN.pow(decimals).multiply(period));
    }

    /** The proper fraction of {@code 137 1/2}: at least one space, then digits, a slash and digits. */
    private Optional<Rational> spacedSlashFraction() {
        int start = pos;
        skipSpaces();
        int top = pos;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (pos == start || top == start || pos == top || peek() != '/') {
            return Optional.empty();
        }
        int slash = pos++;
        while (Character.isDigit(peek())) {
            pos++;
        }
        if (pos == slash + 1 || peek() == '.') {
            return Optional.empty();
        }
        Rational fraction = new Rational(new BigInteger(text.substring(top, slash)),
                new BigInteger(text.substring(slash + 1, pos)));
        return fraction.numerator().compareTo(fraction.denominator()) < 0 ? Optional.of(fraction) : Optional.empty();
    }

    private String command() {
        String name = commandAt(pos);
        if (name.isEmpty()) {
            throw new NotAnExpression();
        }
        pos += 1 + name.length();
        return name;
    }

    private String commandAt(int at) {
        int end = at + 1;
        while (end < text.length() && isLetter(text.charAt(end))) {
            end++;
        }
        return text.substring(at + 1, end);
    }

    private void expect(char c) {
        skipSpaces();
        if (peek() != c) {
            throw new NotAnExpression();
        }
        pos++;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
