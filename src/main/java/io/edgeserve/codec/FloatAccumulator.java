package io.edgeserve.codec;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Collects float32 values whose count is not known until the body ends (JSON lists, CSV rows). Growth is
 * bounded by the {@link ElementBudget} it charges, so a long body fails before it can exhaust memory.
 */
final class FloatAccumulator {

    private final ElementBudget budget;
    /** Small to start: most bodies hold one example, and a 4 KB array per body was 7.6% of linreg's allocation. */
    private float[] values = new float[16];
    private int size;

    FloatAccumulator(ElementBudget budget) {
        this.budget = budget;
    }

    /** Adds a value parsed as a double, rounding it to float32 as NumPy's {@code astype(float32)} does. */
    void add(double value) {
        budget.take(1);
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = (float) value;
    }

    int size() {
        return size;
    }

    /** The values so far; copied once into the tensor's bytes, not trimmed first as Tensor.ofFloats needs. */
    Tensor toTensor(Shape shape) {
        ByteBuffer bytes = ByteBuffer.allocate(size * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values, 0, size);
        return new Tensor(DataType.FLOAT32, shape, bytes);
    }
}
