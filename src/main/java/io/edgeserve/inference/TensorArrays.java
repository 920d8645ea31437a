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

    static NDArray toArray(NDManager manager, Tensor tensor) {
        // MXNet copies from native memory; a read-only heap view cannot be handed over as it is.
        ByteBuffer direct = ByteBuffer.allocateDirect(Math.toIntExact(tensor.byteSize())).order(ByteOrder.nativeOrder());
        direct.put(tensor.data()).flip();
        return manager.create(direct, new ai.djl.ndarray.types.Shape(tensor.shape().dims()), toDjl(tensor.dataType()));
    }

    static Tensor toTensor(NDArray array) {
        ByteBuffer bytes = array.toByteBuffer();
        ByteBuffer copy = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(bytes.order(ByteOrder.LITTLE_ENDIAN)).flip();
        return new Tensor(fromDjl(array.getDataType()), Shape.of(array.getShape().getShape()), copy);
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
