package io.trinity.fitness.grade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads an answer string as an exact number: integers, decimals, {@code a/b} and {@code \frac{a}{b}}. */
final class NumericAnswer {

    // Words after a number are units ("18 dollars", "5.4 cents", "12 square feet"); they need a space before them.
    private static final Pattern TRAILING_WORDS = Pattern.compile("(?:\\s+[A-Za-z][A-Za-z'-]*\\.?)+\\s*$");
    private static final Pattern MIXED_NUMBER = Pattern.compile("\\s*([+-]?)(\\d+)\\s+(\\d+)/(\\d+)\\s*");
    private static final Pattern PERCENT = Pattern.compile("\\\\?%");
    private static final Pattern THOUSANDS = Pattern.compile("[+-]?\\d{1,3}(?:,\\d{3})+(?:\\.\\d*)?");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)");
    private static final Pattern SLASH_FRACTION = Pattern.compile("([+-]?\\d+)/([+-]?\\d+)");
    private static final Pattern LATEX_FRACTION = Pattern.compile("([+-]?)\\\\frac\\{([+-]?\\d+)}\\{([+-]?\\d+)}");

    private NumericAnswer() {
    }

    static Optional<Rational> parse(String answer) {
        String s = TRAILING_WORDS.matcher(Latex.unwrapText(answer)).replaceAll("");
        Matcher mixed = MIXED_NUMBER.matcher(s);
        if (mixed.matches()) {
            // 2 1/2 is two and a half, which removing the space would turn into 21/2.
            Rational whole = Rational.of(new BigInteger(mixed.group(2)));
            Optional<Rational> value = fraction("", mixed.group(3), mixed.group(4)).map(whole::plus);
            return mixed.group(1).equals("-") ? value.map(Rational::negate) : value;
        }
        s = PERCENT.matcher(Latex.normalize(s)).replaceAll("");
        if (THOUSANDS.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        if (DECIMAL.matcher(s).matches()) {
            return Optional.of(Rational.of(new BigDecimal(s)));
        }
        Matcher slash = SLASH_FRACTION.matcher(s);
        if (slash.matches()) {
            return fraction("", slash.group(1), slash.group(2));
        }
        Matcher latex = LATEX_FRACTION.matcher(s);
        if (latex.matches()) {
            return fraction(latex.group(1), latex.group(2), latex.group(3));
        }
        return Optional.empty();
    }

    private static Optional<Rational> fraction(String sign, String numerator, String denominator) {
        BigInteger bottom = new BigInteger(denominator);
        if (bottom.signum() == 0) {
            return Optional.empty();
        }
        BigInteger top = new BigInteger(numerator);
        return Optional.of(new Rational(sign.equals("-") ? top.negate() : top, bottom));
    }
}
