package io.trinity.fitness.grade;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.Optional;

/** An exact fraction in lowest terms with a positive denominator, so equal values are equal records. */
record Rational(BigInteger numerator, BigInteger denominator) {

    /** Powers beyond this exponent are not computed exactly; an answer never needs them. */
    private static final int MAX_EXACT_EXPONENT = 4096;

    Rational {
        if (denominator.signum() == 0) {
            throw new ArithmeticException("zero denominator");
        }
        BigInteger gcd = numerator.gcd(denominator);
        if (denominator.signum() < 0) {
            gcd = gcd.negate();
        }
        if (!gcd.equals(BigInteger.ONE)) {
            numerator = numerator.divide(gcd);
            denominator = denominator.divide(gcd);
        }
    }

    static Rational of(BigDecimal decimal) {
        return decimal.scale() <= 0
                ? new Rational(decimal.toBigIntegerExact(), BigInteger.ONE)
                : new Rational(decimal.unscaledValue(), BigInteger.TEN.pow(decimal.scale()));
    }

    static Rational of(BigInteger integer) {
        return new Rational(integer, BigInteger.ONE);
    }

    boolean isInteger() {
        return denominator.equals(BigInteger.ONE);
    }

    Rational plus(Rational other) {
        return new Rational(numerator.multiply(other.denominator).add(other.numerator.multiply(denominator)),
                denominator.multiply(other.denominator));
    }

    Rational negate() {
        return new Rational(numerator.negate(), denominator);
    }

    Rational times(Rational other) {
        return new Rational(numerator.multiply(other.numerator), denominator.multiply(other.denominator));
    }

    /** Empty for a zero divisor. */
    Optional<Rational> dividedBy(Rational other) {
        return other.numerator.signum() == 0 ? Optional.empty()
                : Optional.of(new Rational(numerator.multiply(other.denominator),
                        denominator.multiply(other.numerator)));
    }

    /** Empty where the result is not rational or would be absurdly large. */
    Optional<Rational> pow(Rational exponent) {
        if (!exponent.isInteger() || exponent.numerator.bitLength() > 31) {
            return exponent.equals(new Rational(BigInteger.ONE, BigInteger.TWO)) ? sqrt() : Optional.empty();
        }
        int e = exponent.numerator.intValue();
        if (Math.abs(e) > MAX_EXACT_EXPONENT || (long) Math.abs(e) * numerator.bitLength() > 1 << 16) {
            return Optional.empty();
        }
        Rational power = new Rational(numerator.pow(Math.abs(e)), denominator.pow(Math.abs(e)));
        return e >= 0 ? Optional.of(power) : of(BigInteger.ONE).dividedBy(power);
    }

    /** The exact square root, when numerator and denominator are perfect squares. */
    Optional<Rational> sqrt() {
        if (numerator.signum() < 0) {
            return Optional.empty();
        }
        BigInteger top = numerator.sqrt();
        BigInteger bottom = denominator.sqrt();
        return top.multiply(top).equals(numerator) && bottom.multiply(bottom).equals(denominator)
                ? Optional.of(new Rational(top, bottom)) : Optional.empty();
    }

    double toDouble() {
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), MathContext.DECIMAL64).doubleValue();
    }
}
