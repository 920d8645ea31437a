package io.edgeserve.inference.precision;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.repository.zoo.Criteria;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.edgeserve.inference.format.MxnetCheckpoint;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A model loaded through DJL's MXNet engine, as edgeserve serves it, that runs edgeserve tensors: one input named
 * {@code data} (DJL fills label inputs such as {@code softmax_label} itself), one output.
 */
final class ServedModel implements Function<Tensor, Tensor>, AutoCloseable {

    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final NDManager manager;

    private ServedModel(Model model) {
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
        this.manager = NDManager.newBaseManager(Device.cpu(), "MXNet");
    }

    /** Loads a checkpoint's two files through DJL's {@code Criteria}, as edgeserve does. */
    static ServedModel load(MxnetCheckpoint checkpoint) throws Exception {
        // DJL looks for epoch 0 unless told: mnist-lenet's only params are epoch 10.
        Criteria<NDList, NDList> criteria = Criteria.builder().setTypes(NDList.class, NDList.class)
                .optModelPath(checkpoint.dir()).optModelName(checkpoint.prefix()).optEngine("MXNet")
                .optOption("epoch", Integer.toString(checkpoint.epoch()))
                .optTranslator(new NoopTranslator()).build();
        return new ServedModel(criteria.loadModel());
    }

    /** Serves a model made some other way, such as {@link InMemoryModelLoader}; closing this closes it. */
    static ServedModel of(Model model) {
        return new ServedModel(model);
    }

    @Override
    public Tensor apply(Tensor input) {
        try (NDManager batch = manager.newSubManager()) {
            NDArray array = batch.create(input.data(), new ai.djl.ndarray.types.Shape(input.shape().dims()),
                    ai.djl.ndarray.types.DataType.valueOf(input.dataType().name()));
            array.setName("data");
            NDList outputs = predictor.predict(new NDList(array));
            outputs.attach(batch); // NoopTranslator hands the outputs back detached: closing batch frees them
            NDArray output = outputs.singletonOrThrow();
            return new Tensor(DataType.valueOf(output.getDataType().name()), Shape.of(output.getShape().getShape()),
                    output.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
        } catch (TranslateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each loaded parameter's element type, by name, in the graph's order (inputs left out). */
    Map<String, ai.djl.ndarray.types.DataType> parameterTypes() {
        Map<String, ai.djl.ndarray.types.DataType> types = new LinkedHashMap<>();
        for (Parameter parameter : ((MxSymbolBlock) model.getBlock()).getAllParameters()) {
            if (parameter.isInitialized()) {
                types.put(parameter.getName(), parameter.getArray().getDataType());
            }
        }
        return types;
    }

    /** The bytes the engine holds for the parameters: size × element width, summed. */
    long parameterBytes() {
        long bytes = 0;
        for (Parameter parameter : ((MxSymbolBlock) model.getBlock()).getAllParameters()) {
            if (parameter.isInitialized()) {
                NDArray array = parameter.getArray();
                bytes += array.size() * array.getDataType().getNumOfBytes();
            }
        }
        return bytes;
    }

    /** The auxiliary states MXNet finds in the loaded graph (variables an operator may write, such as moving means). */
    List<String> auxiliaryStateNames() {
        return List.of(((MxSymbolBlock) model.getBlock()).getSymbol().getAuxNames());
    }

    @Override
    public void close() {
        manager.close();
        predictor.close();
        model.close();
    }
}
