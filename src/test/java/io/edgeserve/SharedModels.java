package io.edgeserve;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The real MXNet models in {@code ../shared/models}, read in place: tests build model folders of links to
 * them and skip, saying why, where the folder is absent.
 */
public final class SharedModels {

    public static final Path ROOT = Path.of("..", "shared", "models").toAbsolutePath().normalize();
    public static final Path DATA = Path.of("..", "shared", "data").toAbsolutePath().normalize();
    public static final Path MANIFESTS = Path.of("src", "test", "resources", "manifests").toAbsolutePath();

    private SharedModels() {}

    public static boolean present() {
        return Files.isDirectory(ROOT.resolve("sagemaker-linreg"));
    }

    /** Skips the calling test where ../shared/models is absent. */
    public static void assumePresent() {
        assumeTrue(present(), "../shared/models is absent: tests on the real shared MXNet models are skipped");
    }

    /** The folder of one shared model; skips the calling test, saying why, where it is absent. */
    public static Path existingModel(String name) {
        Path dir = model(name);
        assumeTrue(Files.isDirectory(dir), "the shared model folder " + dir + " is absent");
        return dir;
    }

    /** The 100 labelled CIFAR-10 tiles; skips the calling test, saying why, where they are absent. */
    public static Path cifarSamples() {
        Path tiles = DATA.resolve("cifar10-samples");
        assumeTrue(Files.isDirectory(tiles), "the shared CIFAR-10 tiles " + tiles + " are absent");
        return tiles;
    }

    public static Path model(String name) {
        return ROOT.resolve(name);
    }

    /** A folder holding a link to each named shared model, as a multi-model folder. */
    public static Path linkedFolder(Path into, String... names) {
        try {
            Files.createDirectories(into);
            for (String name : names) {
                Files.createSymbolicLink(into.resolve(name), model(name));
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A float32 {@code .npy} body, as NumPy's {@code np.save} writes it. */
    public static byte[] npy(long[] shape, float[] values) {
        StringBuilder dims = new StringBuilder();
        for (long dim : shape) {
            dims.append(dim).append(", ");
        }
        String shapeText = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = 10 + header.length() + 1;
        header = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        out.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (float value : values) {
            out.putFloat(value);
        }
        return out.array();
    }

    /** A grey-scale image as a (1, 1, H, W) array scaled to 0..1, as LeNet and the MNIST MLP take it. */
    public static float[] greyPixels(Path png) {
        BufferedImage image = read(png);
        float[] pixels = new float[image.getWidth() * image.getHeight()];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                pixels[y * image.getWidth() + x] = (image.getRaster().getSample(x, y, 0)) / 255f;
            }
        }
        return pixels;
    }

    /** An RGB image as (1, 3, H, W), scaled to 0..1 and normalised as GluonCV's CIFAR models expect. */
    public static float[] cifarPixels(Path png) {
        float[] mean = {0.4914f, 0.4822f, 0.4465f};
        float[] std = {0.2023f, 0.1994f, 0.2010f};
        BufferedImage image = read(png);
        int plane = image.getWidth() * image.getHeight();
        float[] pixels = new float[3 * plane];
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int[] channels = {(rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff};
                for (int c = 0; c < 3; c++) {
                    pixels[c * plane + y * image.getWidth() + x] = (channels[c] / 255f - mean[c]) / std[c];
                }
            }
        }
        return pixels;
    }

    private static BufferedImage read(Path png) {
        try {
            return ImageIO.read(png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
