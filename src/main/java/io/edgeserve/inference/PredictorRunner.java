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
 */
final class PredictorRunner implements BatchRunner<List<Tensor>, List<Tensor>> {

    private final Model model;
    private final ModelSignature signature;
    private final ExecutorShapes shapes;
    private NDManager executorManager;
    private MxSymbolBlock executor;
    private ParameterStore parameters;

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
                NDArray array = TensorArrays.toArray(manager, inputs.get(i));
                array.setName(signature.inputs().get(i).name());
                arrays.add(array);
            }
            long rows = inputs.getFirst().shape().rows();
            for (String label : signature.labelInputs()) {
                NDArray zeros = manager.zeros(new ai.djl.ndarray.types.Shape(rows));
                zeros.setName(label);
                arrays.add(zeros);
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

    /** A block over the model's symbol whose parameters are the model's own arrays, not copies. */
    private void newExecutor() {
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
