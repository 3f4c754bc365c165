package io.trinity.fitness.grade;

/** A complex number in doubles: what an expression is worth at one point, for comparing irrational answers. */
record Complex(double re, double im) {

    static final Complex ZERO = new Complex(0, 0);
    static final Complex ONE = new Complex(1, 0);
    static final Complex I = new Complex(0, 1);

    static Complex real(double value) {
        return new Complex(value, 0);
    }

    Complex plus(Complex other) {
        return new Complex(re + other.re, im + other.im);
    }

    Complex minus(Complex other) {
        return new Complex(re - other.re, im - other.im);
    }

    Complex negate() {
        return new Complex(-re, -im);
    }

    Complex times(Complex other) {
        if (im == 0 && other.im == 0) {
            return real(re * other.re);
        }
        return new Complex(re * other.re - im * other.im, re * other.im + im * other.re);
    }

    Complex dividedBy(Complex other) {
        if (im == 0 && other.im == 0) {
            return real(re / other.re);
        }
        double d = other.re * other.re + other.im * other.im;
        return new Complex((re * other.re + im * other.im) / d, (im * other.re - re * other.im) / d);
    }

    double abs() {
        return Math.hypot(re, im);
    }

    Complex exp() {
        double scale = Math.exp(re);
        return im == 0 ? real(scale) : new Complex(scale * Math.cos(im), scale * Math.sin(im));
    }

    /** The principal logarithm. */
    Complex log() {
        return new Complex(Math.log(abs()), Math.atan2(im, re));
    }

    /** The principal power; a real base with an integer exponent stays real, so (-2)^3 is -8, not -8 + 0.0000001i. */
    Complex pow(Complex exponent) {
        if (im == 0 && exponent.im == 0 && (re >= 0 || exponent.re == Math.rint(exponent.re))) {
            return real(Math.pow(re, exponent.re));
        }
        if (re == 0 && im == 0) {
            return ZERO;
        }
        return exponent.times(log()).exp();
    }

    /** The principal square root. */
    Complex sqrt() {
        if (im == 0 && re >= 0) {
            return real(Math.sqrt(re));
        }
        return pow(real(0.5));
    }

    Complex sin() {
        return new Complex(Math.sin(re) * Math.cosh(im), Math.cos(re) * Math.sinh(im));
    }

    Complex cos() {
        return new Complex(Math.cos(re) * Math.cosh(im), -Math.sin(re) * Math.sinh(im));
    }

    boolean isFinite() {
        return Double.isFinite(re) && Double.isFinite(im);
    }

    /**
     * Equal within a relative tolerance far below any rounding a person would write (1e-9), so 0.333 is not 1/3;
     * infinities are equal when they point the same way.
     */
    boolean near(Complex other) {
        if (!isFinite() || !other.isFinite()) {
            // == treats 0.0 and -0.0 alike and NaN as unequal to everything, which is what is wanted here.
            return re == other.re && im == other.im;
        }
        double scale = Math.max(1, Math.max(abs(), other.abs()));
        return minus(other).abs() <= 1e-9 * scale;
    }
}
