package io.edgeserve.inference;

import ai.djl.Model;
import ai.djl.mxnet.engine.MxSymbolBlock;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs batches on one worker thread with an executor of its own: a copy of the model's block that shares the
 * parameters but has its own MXNet {@code CachedOp}. DJL's predictors of one model share the model's block and so
 * one {@code CachedOp}; when MXNet refuses a shape part-way through, that {@code CachedOp}'s graph is left without its
 * shape attributes and every later call fails with "Cannot find attribute shape in the graph". So a runner whose
 * batch failed in the engine throws its executor away and makes a new one: it is as good as new for the next batch.
 * Inputs are named as the graph names them; label inputs get zeros, which inference ignores.
 *
 * <p>What every batch would otherwise allocate is kept instead, as only one thread at a time uses a runner: the
 * label zeros for each batch size (one engine call and one array fewer per batch), and one direct buffer the
 * inputs' bytes pass through on their way into MXNet, which copies them out before {@code set} returns.
 */
final class PredictorRunner implements BatchRunner<List<Tensor>, List<Tensor>> {

    private final Model model;
    private final ModelSignature signature;
    private final ExecutorShapes shapes;
    /** Label zeros kept for at most this many batch sizes; others are made per batch. */
    static final int MAX_KEPT_LABEL_SHAPES = 64;
    /** The staging buffer is kept up to this size; larger inputs get a buffer of their own. */
    static final int MAX_KEPT_STAGING_BYTES = 4 << 20;

    private NDManager executorManager;
    private MxSymbolBlock executor;
    private ParameterStore parameters;
    /** Per batch size, one zeros array per label input, owned by the executor's manager. */
    private final Map<Long, NDArray[]> labelZeros = new HashMap<>();
    private ByteBuffer staging = ByteBuffer.allocateDirect(0);

    PredictorRunner(Model model, ModelSignature signature, ExecutorShapes shapes) {
        this.model = model;
        this.signature = signature;
        this.shapes = shapes;
        newExecutor();
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs) {
        shapes.admit(inputs);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDList arrays = new NDList(inputs.size() + signature.labelInputs().size());
            for (int i = 0; i < inputs.size(); i++) {
                NDArray array = TensorArrays.toArray(manager, inputs.get(i), staging(inputs.get(i).byteSize()));
                array.setName(signature.inputs().get(i).name());
                arrays.add(array);
            }
            if (!signature.labelInputs().isEmpty()) {
                arrays.addAll(List.of(labelZeros(manager, inputs.getFirst().shape().rows())));
            }
            NDList outputs;
            try {
                outputs = executor.forward(parameters, arrays, false);
            } catch (RuntimeException e) {
                closeExecutor();
                newExecutor();
                throw shapes.explain(inputs, e);
            }
            List<Tensor> results = new ArrayList<>(outputs.size());
            for (NDArray output : outputs) {
                results.add(TensorArrays.toTensor(output));
            }
            return results;
        }
    }

    /** A direct buffer of at least {@code bytes}, the kept one where it is not too large, cleared for writing. */
    private ByteBuffer staging(long bytes) {
        int size = Math.toIntExact(bytes);
        if (size > MAX_KEPT_STAGING_BYTES) {
            return ByteBuffer.allocateDirect(size);
        }
        if (staging.capacity() < size) {
            staging = ByteBuffer.allocateDirect(Math.max(size, Math.min(2 * staging.capacity(), MAX_KEPT_STAGING_BYTES)));
        }
        return staging.clear();
    }

    /** Zeros for every label input at this batch size: kept with the executor, else made in this batch's manager. */
    private NDArray[] labelZeros(NDManager batchManager, long rows) {
        NDArray[] kept = labelZeros.get(rows);
        if (kept != null) {
            return kept;
        }
        boolean keep = labelZeros.size() < MAX_KEPT_LABEL_SHAPES;
        NDManager owner = keep ? executorManager : batchManager;
        List<String> labels = signature.labelInputs();
        NDArray[] zeros = new NDArray[labels.size()];
        for (int i = 0; i < zeros.length; i++) {
            zeros[i] = owner.zeros(new ai.djl.ndarray.types.Shape(rows));
            zeros[i].setName(labels.get(i));
        }
        if (keep) {
            labelZeros.put(rows, zeros);
        }
        return zeros;
    }

    /** A block over the model's symbol whose parameters are the model's own arrays, not copies. */
    private void newExecutor() {
        labelZeros.clear(); // they belonged to the previous executor's manager, closed with it
        MxSymbolBlock shared = (MxSymbolBlock) model.getBlock();
        executorManager = model.getNDManager().newSubManager();
        MxSymbolBlock own = new MxSymbolBlock(executorManager, shared.getSymbol());
        Map<String, Parameter> values = new HashMap<>();
        for (Parameter parameter : shared.getAllParameters()) {
            values.put(parameter.getName(), parameter);
        }
        List<String> inputNames = new ArrayList<>();
        for (Parameter parameter : own.getAllParameters()) {
            Parameter value = values.get(parameter.getName());
            if (value != null && value.isInitialized()) {
                parameter.setArray(value.getArray());
            } else {
                inputNames.add(parameter.getName());
            }
        }
        own.setInputNames(inputNames);
        executor = own;
        parameters = new ParameterStore(executorManager, false);
    }

    /** Frees the executor's {@code CachedOp}, which its manager holds; the shared parameters stay. */
    private void closeExecutor() {
        executorManager.close();
    }

    @Override
    public void close() {
        closeExecutor();
    }
}
