package io.edgeserve.sync;

/** Compares a self-test's output with the catalogue's expected values. */
final class SelfTestCheck {

    private SelfTestCheck() {}

    /** Null where every value is within {@code tolerance}; else what differs, for the status. */
    static String mismatch(float[] actual, float[] expected, double tolerance) {
        if (actual.length != expected.length) {
            return "the output has " + actual.length + " values, " + expected.length + " expected";
        }
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
                return "output[" + i + "] is " + actual[i] + ", expected " + expected[i] + " within " + tolerance;
            }
        }
        return null;
    }
}
