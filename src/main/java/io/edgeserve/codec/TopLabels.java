package io.edgeserve.codec;

import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * A classifier's answer as people read it: for each picture, the {@code k} most probable class labels with
 * their probabilities, most probable first ({@code {"predictions": [{"label": "cat", "probability": 0.98}]}}).
 * Scores that are logits go through softmax first (in double precision, shifted by the row's maximum so that
 * no exponential overflows); equal probabilities keep class order.
 */
public final class TopLabels {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One class of one picture. */
    public record Label(String label, float probability) {}

    private TopLabels() {}

    /**
     * @param scores (pictures, classes): one row of scores per picture, as many as there are labels
     * @param labels the class labels in output order
     * @param logits true where {@code scores} need softmax to read as probabilities
     * @param k      how many labels to give per picture; at most the number of labels
     * @throws IllegalArgumentException where the scores do not have one value per label
     */
    public static List<List<Label>> of(Tensor scores, List<String> labels, boolean logits, int k) {
        long classes = scores.shape().rank() == 0 ? 0 : scores.shape().rowSize();
        if (classes != labels.size()) {
            throw new IllegalArgumentException("the model's output has shape " + scores.shape() + ", not one score for "
                    + "each of its " + labels.size() + " labels");
        }
        int count = labels.size();
        List<List<Label>> answers = new ArrayList<>();
        for (long row = 0; row < scores.shape().rows(); row++) {
            double[] values = new double[count];
            for (int c = 0; c < count; c++) {
                values[c] = scores.getDouble(row * count + c);
            }
            double[] probabilities = logits ? softmax(values) : values;
            List<Integer> order = new ArrayList<>(count);
            for (int c = 0; c < count; c++) {
                order.add(c);
            }
            order.sort(Comparator.comparingDouble((Integer c) -> probabilities[c]).reversed());
            List<Label> top = new ArrayList<>(k);
            for (int i = 0; i < Math.min(k, count); i++) {
                int c = order.get(i);
                top.add(new Label(labels.get(c), (float) probabilities[c]));
            }
            answers.add(top);
        }
        return answers;
    }

    /**
     * Writes {@code {"predictions": ...}}: the first picture's labels where the request was one picture, or a
     * list of label lists, one per picture in request order, where it was a list of pictures.
     */
    public static void writeJson(List<List<Label>> answers, boolean listed, OutputStream out) throws IOException {
        Object predictions = listed ? answers : answers.getFirst();
        JSON.writeValue(out, Map.of("predictions", predictions));
    }

    static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : logits) {
            max = Math.max(max, value);
        }
        double[] out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < logits.length; i++) {
            out[i] /= sum;
        }
        return out;
    }
}
