package io.edgeserve.inference.training;

/**
 * Per-feature {@code (x - mean) / std}, learned from training rows only. Training sees standardised features,
 * but a served model should take raw centimetres, so {@link #foldInto} moves the scaling into the first layer:
 * {@code W((x - m) / s) + b = (W / s) x + (b - W (m / s))}.
 *
 * @param mean per-feature mean
 * @param std per-feature population standard deviation, never zero
 */
public record Standardization(double[] mean, double[] std) {

    /** The first layer's parameters after folding, in MXNet's {@code (outputs, inputs)} row-major layout. */
    public record FoldedLayer(float[] weight, float[] bias) {}

    public static Standardization fit(float[][] rows) {
        int features = rows[0].length;
        double[] mean = new double[features];
        double[] std = new double[features];
        for (float[] row : rows) {
            for (int k = 0; k < features; k++) {
                mean[k] += row[k];
            }
        }
        for (int k = 0; k < features; k++) {
            mean[k] /= rows.length;
        }
        for (float[] row : rows) {
            for (int k = 0; k < features; k++) {
                std[k] += (row[k] - mean[k]) * (row[k] - mean[k]);
            }
        }
        for (int k = 0; k < features; k++) {
            std[k] = Math.sqrt(std[k] / rows.length);
            if (std[k] == 0) {
                throw new IllegalArgumentException("feature " + k + " is constant and cannot be standardised");
            }
        }
        return new Standardization(mean, std);
    }

    public float[][] apply(float[][] rows) {
        float[][] scaled = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            scaled[i] = new float[rows[i].length];
            for (int k = 0; k < rows[i].length; k++) {
                scaled[i][k] = (float) ((rows[i][k] - mean[k]) / std[k]);
            }
        }
        return scaled;
    }

    /** A layer on raw features that computes what {@code weight, bias} compute on standardised ones. */
    public FoldedLayer foldInto(float[] weight, float[] bias) {
        int inputs = mean.length;
        if (weight.length != bias.length * inputs) {
            throw new IllegalArgumentException("weight has " + weight.length + " values, expected "
                    + bias.length + " x " + inputs);
        }
        float[] foldedWeight = new float[weight.length];
        float[] foldedBias = new float[bias.length];
        for (int j = 0; j < bias.length; j++) {
            double shift = bias[j];
            for (int k = 0; k < inputs; k++) {
                double scaled = weight[j * inputs + k] / std[k];
                foldedWeight[j * inputs + k] = (float) scaled;
                shift -= scaled * mean[k];
            }
            foldedBias[j] = (float) shift;
        }
        return new FoldedLayer(foldedWeight, foldedBias);
    }
}
