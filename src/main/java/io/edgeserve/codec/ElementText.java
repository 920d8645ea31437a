package io.edgeserve.codec;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Float16;
import java.nio.ByteBuffer;

/**
 * How one tensor element is printed, as SageMaker's container prints {@code ndarray.tolist()}: floating
 * types widened to double in Python's float repr, integer types exactly, booleans as words. The two text
 * formats differ only in the spelling of booleans and non-finite floats.
 */
enum ElementText {
    /** {@code json.dumps}: {@code true}, {@code NaN}, {@code Infinity}, {@code -Infinity}. */
    JSON("true", "false", "NaN", "Infinity", "-Infinity"),
    /** Python's {@code str}, as {@code np.savetxt(fmt='%s')} writes: {@code True}, {@code nan}, {@code inf}. */
    PYTHON("True", "False", "nan", "inf", "-inf");

    private final String trueText;
    private final String falseText;
    private final String nanText;
    private final String infinityText;
    private final String negativeInfinityText;

    ElementText(String trueText, String falseText, String nanText, String infinityText,
            String negativeInfinityText) {
        this.trueText = trueText;
        this.falseText = falseText;
        this.nanText = nanText;
        this.infinityText = infinityText;
        this.negativeInfinityText = negativeInfinityText;
    }

    /** The element at a flat index of little-endian {@code data}. */
    String format(ByteBuffer data, DataType type, int index) {
        int offset = index * type.byteWidth();
        return switch (type) {
            case FLOAT32 -> floating(data.getFloat(offset));
            case FLOAT64 -> floating(data.getDouble(offset));
            case FLOAT16 -> floating(Float16.toFloat(data.getShort(offset)));
            case INT8 -> Integer.toString(data.get(offset));
            case UINT8 -> Integer.toString(Byte.toUnsignedInt(data.get(offset)));
            case INT32 -> Integer.toString(data.getInt(offset));
            case INT64 -> Long.toString(data.getLong(offset));
            case BOOLEAN -> data.get(offset) != 0 ? trueText : falseText;
        };
    }

    private String floating(double value) {
        if (Double.isNaN(value)) {
            return nanText;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? infinityText : negativeInfinityText;
        }
        return PythonFloatFormat.repr(value);
    }
}
