package io.edgeserve.inference.precision;

import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The 100 labelled CIFAR-10 tiles ({@code <class>_<n>.png}, ten per class) as one batch the GluonCV ResNets take:
 * RGB / 255, then per channel {@code (x - mean) / std}, in NCHW float32.
 *
 * @param images (100, 3, 32, 32)
 * @param labels each row's class index in {@code classes}
 * @param classes the class names in synset.txt's order
 */
record CifarSamples(Tensor images, int[] labels, List<String> classes) {

    static final int SIDE = 32;
    static final int PER_CLASS = 10;
    private static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] STD = {0.2023f, 0.1994f, 0.2010f};

    static CifarSamples load(Path tiles, Path synset) throws IOException {
        List<String> classes = Files.readAllLines(synset).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        int count = classes.size() * PER_CLASS;
        int pixels = SIDE * SIDE;
        float[] values = new float[count * 3 * pixels];
        int[] labels = new int[count];
        int row = 0;
        for (int label = 0; label < classes.size(); label++) {
            for (int n = 0; n < PER_CLASS; n++, row++) {
                BufferedImage image = ImageIO.read(tiles.resolve(classes.get(label) + "_" + n + ".png").toFile());
                if (image.getWidth() != SIDE || image.getHeight() != SIDE) {
                    throw new IOException(classes.get(label) + "_" + n + ".png is not " + SIDE + "x" + SIDE);
                }
                labels[row] = label;
                for (int y = 0; y < SIDE; y++) {
                    for (int x = 0; x < SIDE; x++) {
                        int rgb = image.getRGB(x, y);
                        int[] channels = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF};
                        for (int c = 0; c < 3; c++) {
                            values[(row * 3 + c) * pixels + y * SIDE + x] = (channels[c] / 255f - MEAN[c]) / STD[c];
                        }
                    }
                }
            }
        }
        return new CifarSamples(Tensor.ofFloats(Shape.of(count, 3, SIDE, SIDE), values), labels, classes);
    }

    /** How many rows of {@code logits} (rows × classes) have their largest value at the row's label. */
    int correct(Tensor logits) {
        float[] values = logits.toFloatArray();
        int classCount = classes.size();
        int correct = 0;
        for (int row = 0; row < labels.length; row++) {
            int best = 0;
            for (int c = 1; c < classCount; c++) {
                if (values[row * classCount + c] > values[row * classCount + best]) {
                    best = c;
                }
            }
            correct += best == labels[row] ? 1 : 0;
        }
        return correct;
    }
}
