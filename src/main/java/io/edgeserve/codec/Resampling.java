package io.edgeserve.codec;

/**
 * Bilinear resampling weights along one axis, as Pillow computes them ({@code Resample.c}): output pixel
 * {@code i} is centred on source coordinate {@code offset + (i + 0.5) * scale}, and takes the source pixels
 * under a triangle filter around it. Enlarging, the triangle is one pixel wide on each side, which is plain
 * bilinear interpolation (and the same as OpenCV's {@code INTER_LINEAR}); shrinking, it widens with the
 * scale, so that every source pixel counts and a large photo shrunk to 32 pixels does not alias (Pillow's and
 * torchvision's antialiased bilinear). Weights are normalised, so edges clamp.
 */
final class Resampling {

    final int outputSize;
    /** The first source pixel output pixel {@code i} reads. */
    final int[] first;
    /** How many source pixels output pixel {@code i} reads. */
    final int[] count;
    /** The weights, {@code maxTaps} per output pixel. */
    final float[] weights;
    final int maxTaps;

    private Resampling(int outputSize, int[] first, int[] count, float[] weights, int maxTaps) {
        this.outputSize = outputSize;
        this.first = first;
        this.count = count;
        this.weights = weights;
        this.maxTaps = maxTaps;
    }

    /**
     * @param inputSize  source pixels along the axis
     * @param outputSize output pixels along the axis
     * @param offset     the source coordinate where the output's first pixel begins (0 without cropping)
     * @param scale      source pixels per output pixel
     */
    static Resampling of(int inputSize, int outputSize, double offset, double scale) {
        double filterScale = Math.max(scale, 1.0);
        double support = filterScale;
        int maxTaps = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outputSize];
        int[] count = new int[outputSize];
        float[] weights = new float[outputSize * maxTaps];
        double[] taps = new double[maxTaps];
        for (int i = 0; i < outputSize; i++) {
            double center = offset + (i + 0.5) * scale;
            int from = Math.max(0, (int) (center - support + 0.5));
            int to = Math.min(inputSize, (int) (center + support + 0.5));
            double total = 0;
            int n = 0;
            for (int j = from; j < to && n < maxTaps; j++, n++) {
                double weight = triangle((j + 0.5 - center) / filterScale);
                taps[n] = weight;
                total += weight;
            }
            first[i] = from;
            count[i] = n;
            for (int k = 0; k < n; k++) {
                weights[i * maxTaps + k] = total == 0 ? 0f : (float) (taps[k] / total);
            }
        }
        return new Resampling(outputSize, first, count, weights, maxTaps);
    }

    /** The lowest and highest source pixel any output pixel reads. */
    int lowestSource() {
        int lowest = Integer.MAX_VALUE;
        for (int i = 0; i < outputSize; i++) {
            lowest = Math.min(lowest, first[i]);
        }
        return lowest;
    }

    int highestSource() {
        int highest = -1;
        for (int i = 0; i < outputSize; i++) {
            highest = Math.max(highest, first[i] + count[i] - 1);
        }
        return highest;
    }

    private static double triangle(double x) {
        double distance = Math.abs(x);
        return distance < 1 ? 1 - distance : 0;
    }
}
