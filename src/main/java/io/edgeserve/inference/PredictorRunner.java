package io.edgeserve.inference;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.model.ModelSignature;
import io.edgeserve.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs batches on one worker thread with a {@link Predictor} of its own (predictors are not thread-safe).
 * Inputs are named as the graph names them; label inputs get zeros, which inference ignores, so that the
 * engine never has to guess them.
 */
final class PredictorRunner implements BatchRunner<List<Tensor>, List<Tensor>> {

    private final Model model;
    private final ModelSignature signature;
    private final Predictor<NDList, NDList> predictor;

    PredictorRunner(Model model, ModelSignature signature) {
        this.model = model;
        this.signature = signature;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    @Override
    public List<Tensor> run(List<Tensor> inputs) throws TranslateException {
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
            NDList outputs = predictor.predict(arrays);
            List<Tensor> results = new ArrayList<>(outputs.size());
            for (NDArray output : outputs) {
                results.add(TensorArrays.toTensor(output));
            }
            return results;
        }
    }

    @Override
    public void close() {
        predictor.close();
    }
}
