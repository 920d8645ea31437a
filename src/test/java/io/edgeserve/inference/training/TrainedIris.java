package io.edgeserve.inference.training;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A trained Iris network as DJL holds it, with the standardisation it was trained behind. It answers on raw
 * centimetres, exactly as the exported model must, so the two can be compared row for row.
 */
public final class TrainedIris implements AutoCloseable {

    private final Model model;
    private final Standardization standardization;

    TrainedIris(Model model, Standardization standardization) {
        this.model = model;
        this.standardization = standardization;
    }

    public Standardization standardization() {
        return standardization;
    }

    /** Softmax probabilities per species for each row of raw measurements. */
    public float[][] probabilities(float[][] rawRows) {
        try (NDManager manager = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> predictor = model.newPredictor(new NoopTranslator())) {
            NDArray input = manager.create(standardization.apply(rawRows));
            NDArray probabilities = predictor.predict(new NDList(input)).singletonOrThrow().softmax(1);
            float[] flat = probabilities.toFloatArray();
            int classes = IrisDataset.SPECIES.size();
            float[][] rows = new float[rawRows.length][];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
            }
            return rows;
        } catch (TranslateException e) {
            throw new IllegalStateException("the trained network failed to predict", e);
        }
    }

    /** The fraction of rows whose most probable species is the labelled one. */
    public double accuracy(IrisDataset data) {
        float[][] probabilities = probabilities(data.features());
        int correct = 0;
        for (int i = 0; i < data.size(); i++) {
            if (argmax(probabilities[i]) == data.labels()[i]) {
                correct++;
            }
        }
        return (double) correct / data.size();
    }

    /**
     * The parameters of {@link IrisModelFolder#SYMBOL}, with the standardisation folded into {@code fc1} so the
     * exported graph takes raw centimetres and needs no preprocessing.
     */
    public LinkedHashMap<String, Tensor> exportParams() {
        List<Linear> layers = model.getBlock().getChildren().values().stream()
                .filter(Linear.class::isInstance).map(Linear.class::cast).toList();
        float[] fc1Weight = values(layers.get(0), "weight");
        float[] fc1Bias = values(layers.get(0), "bias");
        Standardization.FoldedLayer fc1 = standardization.foldInto(fc1Weight, fc1Bias);
        int hidden = fc1Bias.length;
        int classes = IrisDataset.SPECIES.size();

        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("arg:fc1_weight", Tensor.ofFloats(Shape.of(hidden, IrisDataset.FEATURES), fc1.weight()));
        params.put("arg:fc1_bias", Tensor.ofFloats(Shape.of(hidden), fc1.bias()));
        params.put("arg:fc2_weight", Tensor.ofFloats(Shape.of(classes, hidden), values(layers.get(1), "weight")));
        params.put("arg:fc2_bias", Tensor.ofFloats(Shape.of(classes), values(layers.get(1), "bias")));
        return params;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static float[] values(Block layer, String parameter) {
        return layer.getParameters().get(parameter).getArray().toFloatArray();
    }

    @Override
    public void close() {
        model.close();
    }
}
