package io.edgeserve.codec;

import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.ImageSpec.Layout;
import io.edgeserve.model.ImageSpec.Resize;
import java.awt.image.BufferedImage;

/**
 * Turns a decoded picture into one example of a model's input, as its {@link ImageSpec} says: channels, then
 * bilinear resize ({@link Resampling}), then {@code (pixel / divisor - mean) / std} per channel, then the
 * layout. A picture already of the model's size is not resampled at all, so a 32x32 CIFAR tile reaches the
 * model exactly as GluonCV's own preprocessing would give it. Stateless and thread-safe.
 */
public final class ImagePreprocessing {

    private final ImageSpec spec;
    private final int channelCount;
    private final float[] mean;
    private final float[] std;

    public ImagePreprocessing(ImageSpec spec) {
        this.spec = spec;
        this.channelCount = spec.channels().count();
        this.mean = new float[channelCount];
        this.std = new float[channelCount];
        for (int c = 0; c < channelCount; c++) {
            mean[c] = spec.mean().get(c).floatValue();
            std[c] = spec.std().get(c).floatValue();
        }
    }

    /**
     * The values of one example, {@code channels * height * width} of them in the spec's layout, at the spec's
     * size or, where the spec {@linkplain ImageSpec#ownSize() keeps its own}, at the picture's.
     */
    public float[] apply(BufferedImage image) {
        float[] pixels = resized(image);
        float[] out = new float[pixels.length];
        int height = spec.ownSize() ? image.getHeight() : spec.height();
        int width = spec.ownSize() ? image.getWidth() : spec.width();
        int plane = height * width;
        float divisor = spec.range().divisor();
        boolean planar = spec.layout() == Layout.NCHW;
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < channelCount; c++) {
                float value = (pixels[p * channelCount + c] / divisor - mean[c]) / std[c];
                out[planar ? c * plane + p : p * channelCount + c] = value;
            }
        }
        return out;
    }

    /** The picture at the model's size, interleaved channels, 0-255. */
    private float[] resized(BufferedImage image) {
        int sourceWidth = image.getWidth();
        int sourceHeight = image.getHeight();
        int width = spec.ownSize() ? sourceWidth : spec.width();
        int height = spec.ownSize() ? sourceHeight : spec.height();
        PixelRows rows = PixelRows.of(image, spec.channels());
        if (sourceWidth == width && sourceHeight == height) {
            float[] out = new float[height * width * channelCount];
            float[] row = new float[width * channelCount];
            for (int y = 0; y < height; y++) {
                rows.read(y, row);
                System.arraycopy(row, 0, out, y * row.length, row.length);
            }
            return out;
        }
        Resampling horizontal;
        Resampling vertical;
        if (spec.resize() == Resize.CENTER_CROP) {
            double scale = Math.min((double) sourceWidth / width, (double) sourceHeight / height);
            horizontal = Resampling.of(sourceWidth, width, (sourceWidth - width * scale) / 2, scale);
            vertical = Resampling.of(sourceHeight, height, (sourceHeight - height * scale) / 2, scale);
        } else {
            horizontal = Resampling.of(sourceWidth, width, 0, (double) sourceWidth / width);
            vertical = Resampling.of(sourceHeight, height, 0, (double) sourceHeight / height);
        }
        return resample(rows, sourceWidth, horizontal, vertical);
    }

    /** Separable: each source row the vertical pass needs is first narrowed to the output width. */
    private float[] resample(PixelRows rows, int sourceWidth, Resampling horizontal, Resampling vertical) {
        int lowest = vertical.lowestSource();
        int highest = vertical.highestSource();
        int outWidth = horizontal.outputSize;
        float[] source = new float[sourceWidth * channelCount];
        float[][] narrowed = new float[highest - lowest + 1][];
        for (int y = lowest; y <= highest; y++) {
            rows.read(y, source);
            float[] row = new float[outWidth * channelCount];
            for (int x = 0; x < outWidth; x++) {
                int from = horizontal.first[x];
                int taps = horizontal.count[x];
                int base = x * horizontal.maxTaps;
                for (int c = 0; c < channelCount; c++) {
                    float sum = 0;
                    for (int k = 0; k < taps; k++) {
                        sum += horizontal.weights[base + k] * source[(from + k) * channelCount + c];
                    }
                    row[x * channelCount + c] = sum;
                }
            }
            narrowed[y - lowest] = row;
        }
        int rowValues = outWidth * channelCount;
        float[] out = new float[vertical.outputSize * rowValues];
        for (int y = 0; y < vertical.outputSize; y++) {
            int from = vertical.first[y];
            int taps = vertical.count[y];
            int base = y * vertical.maxTaps;
            for (int k = 0; k < taps; k++) {
                float weight = vertical.weights[base + k];
                float[] row = narrowed[from + k - lowest];
                for (int v = 0; v < rowValues; v++) {
                    out[y * rowValues + v] += weight * row[v];
                }
            }
        }
        return out;
    }
}
