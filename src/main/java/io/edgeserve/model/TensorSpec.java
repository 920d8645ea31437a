package io.edgeserve.model;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a model input takes: a name, a shape whose first dimension is the batch, and an element type. A null shape
 * means the graph does not fix it and the request decides. Any other dimension may be free too: {@code -1} takes any
 * size, and a {@link Bounds} takes sizes from its min to its max (a fully convolutional detector's height and width).
 *
 * @param name   the input's name in the symbol graph, e.g. {@code data}
 * @param shape  the dimensions; the first is the batch and is ignored (written -1 in manifests); -1 where free
 * @param dtype  the NumPy name of the element type; float32 when absent
 * @param bounds per dimension, the sizes a free one takes, or null for fixed and unbounded ones; null for none
 */
public record TensorSpec(String name, List<Long> shape, String dtype, List<Bounds> bounds) {

    /** The sizes a free dimension takes, both ends included. */
    public record Bounds(long min, long max) {
        public Bounds {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("bounds need 1 <= min <= max, were {\"min\": " + min + ", \"max\": " + max + "}");
            }
        }

        boolean contains(long size) {
            return size >= min && size <= max;
        }

        @Override
        public String toString() {
            return min + ".." + max;
        }
    }

    public TensorSpec(String name, List<Long> shape, String dtype) {
        this(name, shape, dtype, null);
    }

    public TensorSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an input needs a name");
        }
        shape = shape == null ? null : List.copyOf(shape);
        if (shape != null && shape.isEmpty()) {
            throw new IllegalArgumentException("input '" + name + "' has an empty shape; its first dimension is the batch");
        }
        if (shape != null && shape.stream().skip(1).anyMatch(dim -> dim < 1 && dim != -1)) {
            throw new IllegalArgumentException("input '" + name + "' has shape " + shape
                    + ": a dimension is a size of 1 or more, or -1 for any size");
        }
        if (bounds != null) {
            if (shape == null || bounds.size() != shape.size()) {
                throw new IllegalArgumentException("input '" + name + "' has bounds for " + bounds.size()
                        + " dimensions but a shape of " + (shape == null ? 0 : shape.size()));
            }
            bounds = Collections.unmodifiableList(new ArrayList<>(bounds));
            if (bounds.stream().allMatch(bound -> bound == null)) {
                bounds = null;
            }
        }
        if (dtype != null) {
            DataType.fromNumpyName(dtype);
        }
    }

    public DataType dataType() {
        return dtype == null ? DataType.FLOAT32 : DataType.fromNumpyName(dtype);
    }

    /** True where a dimension besides the batch is free (-1 or bounded): the request's own size is kept. */
    public boolean hasFreeAxes() {
        return shape != null && shape.stream().skip(1).anyMatch(dim -> dim == -1);
    }

    /**
     * The shape of one example (every dimension but the batch), or null where the graph does not fix it or a
     * dimension is free (then {@link #fits} checks it).
     */
    public Shape rowShape() {
        return shape == null || hasFreeAxes() ? null : Shape.of(shape.subList(1, shape.size()));
    }

    /** Why an example of {@code rowShape} does not fit this input's free shape, or null where it fits. */
    public String misfit(Shape rowShape) {
        if (shape == null) {
            return null;
        }
        if (rowShape.rank() != shape.size() - 1) {
            return "each example must have " + (shape.size() - 1) + " dimensions";
        }
        for (int axis = 1; axis < shape.size(); axis++) {
            long size = rowShape.dim(axis - 1);
            long declared = shape.get(axis);
            Bounds bound = bounds == null ? null : bounds.get(axis);
            if (declared != -1 && size != declared) {
                return "axis " + axis + " must be " + declared + ", was " + size;
            }
            if (bound != null && !bound.contains(size)) {
                return "axis " + axis + " must be " + bound.min() + " to " + bound.max() + ", was " + size;
            }
        }
        return null;
    }

    /** {@code (N, 3, 12..1920, -1)}: the shape as the manifest declares it, batch left open. */
    public String shapeText() {
        if (shape == null) {
            return "any";
        }
        StringBuilder text = new StringBuilder("(N");
        for (int axis = 1; axis < shape.size(); axis++) {
            Bounds bound = bounds == null ? null : bounds.get(axis);
            text.append(", ").append(bound != null ? bound.toString() : Long.toString(shape.get(axis)));
        }
        return text.append(shape.size() == 1 ? ",)" : ")").toString();
    }
}
