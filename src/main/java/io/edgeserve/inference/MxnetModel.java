package io.edgeserve.inference;

import ai.djl.Model;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Tensor;
import java.util.List;

/** An MXNet model held by DJL; its predictors share the parameters. */
final class MxnetModel implements InferenceModel {

    private final Model model;
    private final ModelSignature signature;
    private final long parameterBytes;
    private final long castCopyBytes;
    private final DataType parameterType;
    private final ExecutorShapes shapes;

    /** @param maxShapes the input shapes kept with an executor at most; 0 for no cap */
    MxnetModel(Model model, ModelSignature signature, int maxShapes) {
        this.model = model;
        this.signature = signature;
        this.shapes = new ExecutorShapes(signature, new GraphShapes((MxSymbolBlock) model.getBlock()), maxShapes);
        this.parameterType = TensorArrays.fromDjl(model.getDataType());
        long bytes = 0;
        long castCopies = 0;
        for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            bytes += array.size() * array.getDataType().getNumOfBytes();
            if (array.getDataType() == ai.djl.ndarray.types.DataType.FLOAT16) {
                // Computed through a Cast to float32: with DJL's static allocation MXNet keeps that copy (measured).
                castCopies += array.size() * Float.BYTES;
            }
        }
        this.parameterBytes = bytes;
        this.castCopyBytes = castCopies;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public BatchRunner<List<Tensor>, List<Tensor>> newRunner() {
        return new PredictorRunner(model, signature, shapes);
    }

    @Override
    public long parameterBytes() {
        return parameterBytes;
    }

    @Override
    public long memoryBytes() {
        return parameterBytes + castCopyBytes + shapes.executorBytes();
    }

    @Override
    public void checkShapes(List<Tensor> inputs) {
        shapes.check(inputs);
    }

    @Override
    public int cachedShapes() {
        return shapes.cachedShapes();
    }

    @Override
    public int maxShapes() {
        return shapes.maxShapes();
    }

    @Override
    public long shapeEvictions() {
        return shapes.evictions();
    }

    @Override
    public DataType parameterType() {
        return parameterType;
    }

    @Override
    public void close() {
        shapes.close();
        model.close();
    }
}
