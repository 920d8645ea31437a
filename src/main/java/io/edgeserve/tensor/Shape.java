package io.edgeserve.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;

/**
 * The dimensions of a tensor; the first dimension is the batch (rows). Immutable.
 * Printed as NumPy prints shapes, {@code (3, 2)}, because that is what error messages show clients.
 */
public final class Shape {

    private final long[] dims;

    private Shape(long[] dims) {
        for (long dim : dims) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    public static Shape of(List<? extends Number> dims) {
        return new Shape(dims.stream().mapToLong(Number::longValue).toArray());
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int axis) {
        return dims[axis];
    }

    public long[] dims() {
        return dims.clone();
    }

    /** Number of elements; 1 for a scalar. Throws where the count would overflow a long. */
    public long size() {
        long size = 1;
        for (long dim : dims) {
            size = Math.multiplyExact(size, dim);
        }
        return size;
    }

    /** The first dimension, the number of rows (examples); a scalar counts as one row. */
    public long rows() {
        return dims.length == 0 ? 1 : dims[0];
    }

    /** The shape of one row: every dimension but the first. */
    public Shape rowShape() {
        return dims.length == 0 ? this : new Shape(Arrays.copyOfRange(dims, 1, dims.length));
    }

    /** Elements in one row. */
    public long rowSize() {
        return rowShape().size();
    }

    /** This shape with its first dimension replaced. */
    public Shape withRows(long rows) {
        if (dims.length == 0) {
            throw new IllegalStateException("a scalar has no rows");
        }
        long[] copy = dims.clone();
        copy[0] = rows;
        return new Shape(copy);
    }

    /** {@code (rows,) + rowShape}. */
    public static Shape ofRows(long rows, Shape rowShape) {
        long[] copy = new long[rowShape.dims.length + 1];
        copy[0] = rows;
        System.arraycopy(rowShape.dims, 0, copy, 1, rowShape.dims.length);
        return new Shape(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        StringJoiner joiner = new StringJoiner(", ", "(", dims.length == 1 ? ",)" : ")");
        for (long dim : dims) {
            joiner.add(Long.toString(dim));
        }
        return joiner.toString();
    }
}
