package io.edgeserve.tensor;

/** IEEE 754 half-precision conversions, rounding to nearest even as NumPy's {@code astype(float16)} does. */
public final class Float16 {

    private Float16() {}

    public static float toFloat(short bits) {
        return Float.float16ToFloat(bits);
    }

    public static short fromFloat(float value) {
        return Float.floatToFloat16(value);
    }
}
