package io.edgeserve.codec;

import java.math.BigDecimal;

/**
 * Prints a double exactly as Python's {@code repr(float)} does, which is what {@code json.dumps} and
 * NumPy's {@code '%s' % np.float64} write and what SageMaker clients compare against: the shortest digits
 * that read back to the same double, in fixed notation when the decimal exponent is in [-4, 16), otherwise
 * as {@code 2.4798819140414707e-06} or {@code 1e+16}; integral values keep {@code .0}; non-finite values
 * are {@code nan}, {@code inf} and {@code -inf} (JSON writers spell those their own way).
 *
 * <p>Java's {@link Double#toString(double)} already yields the shortest digits (JDK 19+), so this class only
 * re-lays them out, with one correction: where one digit would do, Java may print two that lie closer
 * (for the smallest subnormal Java prints {@code 4.9E-324}, Python {@code 5e-324}); Python keeps the one.
 */
final class PythonFloatFormat {

    private static final int SCIENTIFIC_BELOW_EXPONENT = -4;
    private static final int SCIENTIFIC_FROM_EXPONENT = 16;

    private PythonFloatFormat() {}

    static String repr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String java = Double.toString(value);
        // Java's plain notation covers [1e-3, 1e7), inside Python's fixed range, and prints the same text.
        if (java.indexOf('E') < 0) {
            return java;
        }
        Decimal decimal = Decimal.ofJava(java);
        if (decimal.digits.length() == 2) {
            decimal = decimal.shortenedIfExact(Math.abs(value));
        }
        return layout(value < 0, decimal);
    }

    private static String layout(boolean negative, Decimal decimal) {
        String digits = decimal.digits;
        int exponent = decimal.pointPosition - 1;
        StringBuilder out = new StringBuilder(digits.length() + 8);
        if (negative) {
            out.append('-');
        }
        if (exponent < SCIENTIFIC_BELOW_EXPONENT || exponent >= SCIENTIFIC_FROM_EXPONENT) {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int magnitude = Math.abs(exponent);
            if (magnitude < 10) {
                out.append('0');
            }
            return out.append(magnitude).toString();
        }
        int point = decimal.pointPosition;
        if (point <= 0) {
            out.append("0.").repeat('0', -point).append(digits);
        } else if (point >= digits.length()) {
            out.append(digits).repeat('0', point - digits.length()).append(".0");
        } else {
            out.append(digits, 0, point).append('.').append(digits, point, digits.length());
        }
        return out.toString();
    }

    /** A positive decimal {@code 0.digits × 10^pointPosition}, digits without leading or trailing zeros. */
    private record Decimal(String digits, int pointPosition) {

        /** Reads Java's computerized scientific notation, such as {@code 2.4798819140414707E-6}. */
        static Decimal ofJava(String java) {
            int e = java.indexOf('E');
            int start = java.charAt(0) == '-' ? 1 : 0;
            int dot = java.indexOf('.');
            String digits = java.substring(start, dot) + java.substring(dot + 1, e);
            int point = (dot - start) + Integer.parseInt(java, e + 1, java.length(), 10);
            int first = 0;
            while (digits.charAt(first) == '0') {
                first++;
            }
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            return new Decimal(digits.substring(first, end), point - first);
        }

        /**
         * The closest one-digit decimal that still reads back as {@code magnitude}, if there is one; otherwise
         * this. Only the sparse subnormals get here with two digits where one suffices.
         */
        Decimal shortenedIfExact(double magnitude) {
            int lead = digits.charAt(0) - '0';
            Decimal down = new Decimal(Integer.toString(lead), pointPosition);
            Decimal up = lead == 9
                    ? new Decimal("1", pointPosition + 1)
                    : new Decimal(Integer.toString(lead + 1), pointPosition);
            boolean downExact = down.parse() == magnitude;
            boolean upExact = up.parse() == magnitude;
            if (downExact && upExact) {
                BigDecimal exact = new BigDecimal(magnitude);
                int closer = exact.subtract(down.exact()).abs().compareTo(up.exact().subtract(exact).abs());
                return closer <= 0 ? down : up;
            }
            return downExact ? down : upExact ? up : this;
        }

        private double parse() {
            return Double.parseDouble(digits + "E" + (pointPosition - digits.length()));
        }

        private BigDecimal exact() {
            return new BigDecimal(digits + "E" + (pointPosition - digits.length()));
        }
    }
}
