package io.edgeserve.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Copies between edgeserve's {@link Tensor} and DJL's {@link NDArray}; both are little-endian, C order. */
final class TensorArrays {

    private TensorArrays() {}

    /**
     * The tensor as an MXNet array, its bytes passed through {@code staging} (direct, at least the tensor's size):
     * MXNet copies from native memory, and a read-only heap view cannot be handed over as it is. MXNet has copied
     * the bytes out when this returns, so the caller may reuse {@code staging} at once.
     */
    static NDArray toArray(NDManager manager, Tensor tensor, ByteBuffer staging) {
        ByteBuffer direct = staging.clear().order(ByteOrder.nativeOrder());
        direct.put(tensor.data()).flip();
        return manager.create(direct, new ai.djl.ndarray.types.Shape(tensor.shape().dims()), toDjl(tensor.dataType()));
    }

    /** The array's bytes in the direct buffer DJL copies them into, kept as they are: no second copy on the heap. */
    static Tensor toTensor(NDArray array) {
        return new Tensor(fromDjl(array.getDataType()), Shape.of(array.getShape().getShape()),
                array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
    }

    static ai.djl.ndarray.types.DataType toDjl(DataType type) {
        return switch (type) {
            case FLOAT32 -> ai.djl.ndarray.types.DataType.FLOAT32;
            case FLOAT64 -> ai.djl.ndarray.types.DataType.FLOAT64;
            case FLOAT16 -> ai.djl.ndarray.types.DataType.FLOAT16;
            case INT8 -> ai.djl.ndarray.types.DataType.INT8;
            case UINT8 -> ai.djl.ndarray.types.DataType.UINT8;
            case INT32 -> ai.djl.ndarray.types.DataType.INT32;
            case INT64 -> ai.djl.ndarray.types.DataType.INT64;
            case BOOLEAN -> ai.djl.ndarray.types.DataType.BOOLEAN;
        };
    }

    static DataType fromDjl(ai.djl.ndarray.types.DataType type) {
        return switch (type) {
            case FLOAT32 -> DataType.FLOAT32;
            case FLOAT64 -> DataType.FLOAT64;
            case FLOAT16 -> DataType.FLOAT16;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOLEAN -> DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("the engine returned " + type + ", which edgeserve cannot encode");
        };
    }
}
