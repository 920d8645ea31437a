package io.edgeserve.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * An n-dimensional array as it crosses the service: a type, a shape and little-endian bytes in C order.
 * It is how codecs, the batcher and the engine talk to each other without any of them knowing the others'
 * libraries. Immutable: the bytes are never written after construction and {@link #data()} hands out
 * read-only views.
 */
public final class Tensor {

    private final DataType dataType;
    private final Shape shape;
    private final ByteBuffer data;

    public Tensor(DataType dataType, Shape shape, ByteBuffer data) {
        this.dataType = Objects.requireNonNull(dataType, "dataType");
        this.shape = Objects.requireNonNull(shape, "shape");
        long expectedBytes = Math.multiplyExact(shape.size(), dataType.byteWidth());
        if (data.remaining() != expectedBytes) {
            throw new IllegalArgumentException("a " + dataType.numpyName() + " tensor of shape " + shape
                    + " needs " + expectedBytes + " bytes, got " + data.remaining());
        }
        this.data = data.slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    public static Tensor ofFloats(Shape shape, float... values) {
        ByteBuffer buffer = allocate(values.length, DataType.FLOAT32);
        buffer.asFloatBuffer().put(values);
        return new Tensor(DataType.FLOAT32, shape, buffer);
    }

    public static Tensor ofDoubles(Shape shape, double... values) {
        ByteBuffer buffer = allocate(values.length, DataType.FLOAT64);
        buffer.asDoubleBuffer().put(values);
        return new Tensor(DataType.FLOAT64, shape, buffer);
    }

    public static Tensor ofLongs(Shape shape, long... values) {
        ByteBuffer buffer = allocate(values.length, DataType.INT64);
        buffer.asLongBuffer().put(values);
        return new Tensor(DataType.INT64, shape, buffer);
    }

    public DataType dataType() {
        return dataType;
    }

    public Shape shape() {
        return shape;
    }

    /** A read-only little-endian view of the bytes, positioned at zero. */
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    public long size() {
        return shape.size();
    }

    public long byteSize() {
        return data.capacity();
    }

    /** The element at a flat C-order index, widened to double (float16 and float32 exactly). */
    public double getDouble(long index) {
        int offset = Math.toIntExact(index * dataType.byteWidth());
        return switch (dataType) {
            case FLOAT32 -> data.getFloat(offset);
            case FLOAT64 -> data.getDouble(offset);
            case FLOAT16 -> Float16.toFloat(data.getShort(offset));
            case INT8 -> data.get(offset);
            case UINT8 -> Byte.toUnsignedInt(data.get(offset));
            case INT32 -> data.getInt(offset);
            case INT64 -> data.getLong(offset);
            case BOOLEAN -> data.get(offset) != 0 ? 1 : 0;
        };
    }

    /** The values as float32, converting where the type differs. */
    public float[] toFloatArray() {
        int count = Math.toIntExact(size());
        float[] values = new float[count];
        if (dataType == DataType.FLOAT32) {
            data().asFloatBuffer().get(values);
            return values;
        }
        for (int i = 0; i < count; i++) {
            values[i] = (float) getDouble(i);
        }
        return values;
    }

    /** The same values in another element type: float to integer truncates toward zero, as NumPy does. */
    public Tensor cast(DataType target) {
        if (target == dataType) {
            return this;
        }
        int count = Math.toIntExact(size());
        ByteBuffer out = allocate(count, target);
        for (int i = 0; i < count; i++) {
            double value = getDouble(i);
            switch (target) {
                case FLOAT32 -> out.putFloat((float) value);
                case FLOAT64 -> out.putDouble(value);
                case FLOAT16 -> out.putShort(Float16.fromFloat((float) value));
                case INT8, UINT8 -> out.put((byte) (long) value);
                case INT32 -> out.putInt((int) (long) value);
                case INT64 -> out.putLong((long) value);
                case BOOLEAN -> out.put((byte) (value != 0 ? 1 : 0));
            }
        }
        return new Tensor(target, shape, out.flip());
    }

    /** The same bytes seen with another shape of the same size. */
    public Tensor reshape(Shape newShape) {
        if (newShape.size() != shape.size()) {
            throw new IllegalArgumentException("cannot reshape " + shape + " to " + newShape);
        }
        return new Tensor(dataType, newShape, data());
    }

    /** Rows {@code [from, to)} along the first axis, sharing this tensor's bytes. */
    public Tensor rows(long from, long to) {
        if (from < 0 || to > shape.rows() || from > to) {
            throw new IndexOutOfBoundsException("rows [" + from + ", " + to + ") of " + shape);
        }
        long rowBytes = shape.rowSize() * dataType.byteWidth();
        ByteBuffer slice = data().position(Math.toIntExact(from * rowBytes)).limit(Math.toIntExact(to * rowBytes));
        return new Tensor(dataType, shape.withRows(to - from), slice);
    }

    /** Stacks tensors of one type and row shape along the first axis. */
    public static Tensor concatRows(List<Tensor> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("nothing to concatenate");
        }
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        Tensor first = parts.getFirst();
        Shape rowShape = first.shape.rowShape();
        long rows = 0;
        long bytes = 0;
        for (Tensor part : parts) {
            if (part.dataType != first.dataType || !part.shape.rowShape().equals(rowShape)) {
                throw new IllegalArgumentException("cannot stack " + part.dataType.numpyName() + part.shape
                        + " onto " + first.dataType.numpyName() + first.shape);
            }
            rows += part.shape.rows();
            bytes += part.byteSize();
        }
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor part : parts) {
            out.put(part.data());
        }
        return new Tensor(first.dataType, Shape.ofRows(rows, rowShape), out.flip());
    }

    private static ByteBuffer allocate(long count, DataType type) {
        return ByteBuffer.allocate(Math.toIntExact(count * type.byteWidth())).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public String toString() {
        return "Tensor[" + dataType.numpyName() + " " + shape + "]";
    }
}
