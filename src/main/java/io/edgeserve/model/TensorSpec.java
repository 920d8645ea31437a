package io.edgeserve.model;

import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import java.util.List;

/**
 * What a model input takes: a name, a shape whose first dimension is the batch, and an element type.
 * A null shape means the graph does not fix it and the request decides.
 *
 * @param name  the input's name in the symbol graph, e.g. {@code data}
 * @param shape the dimensions; the first is the batch and is ignored (written -1 in manifests)
 * @param dtype the NumPy name of the element type; float32 when absent
 */
public record TensorSpec(String name, List<Long> shape, String dtype) {

    public TensorSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an input needs a name");
        }
        shape = shape == null ? null : List.copyOf(shape);
        if (shape != null && shape.isEmpty()) {
            throw new IllegalArgumentException("input '" + name + "' has an empty shape; its first dimension is the batch");
        }
        if (shape != null && shape.stream().skip(1).anyMatch(dim -> dim < 1)) {
            throw new IllegalArgumentException("input '" + name + "' has shape " + shape
                    + ": only the first (batch) dimension may be -1");
        }
        if (dtype != null) {
            DataType.fromNumpyName(dtype);
        }
    }

    public DataType dataType() {
        return dtype == null ? DataType.FLOAT32 : DataType.fromNumpyName(dtype);
    }

    /** The shape of one example (every dimension but the batch), or null where the graph does not fix it. */
    public Shape rowShape() {
        return shape == null ? null : Shape.of(shape.subList(1, shape.size()));
    }
}
