package io.edgeserve.codec;

import io.edgeserve.SharedModels;
import io.edgeserve.TestPictures;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.MxnetModelLoader;
import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelArchive;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Decode-and-preprocess time per picture next to inference time, for the pictures the image issue names: the 100
 * CIFAR tiles (32x32 PNG, no resize) and the kitten (450x300 progressive JPEG, centre-cropped to 32x32, and the
 * same photo re-encoded as a baseline JPEG) into cifar-resnet20-v1, and the LeNet digits (28x28 grey PNG) into
 * mnist-lenet. Single-threaded, batch 1, after a
 * warm-up; medians of several rounds, because the machines it runs on are shared and noisy. Not a test: run it
 * with the test class path, MXNet's settings and the shared models beside the project:
 *
 * <pre>
 * ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * MXNET_ENGINE_TYPE=NaiveEngine OMP_NUM_THREADS=1 $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED \
 *     -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.edgeserve.codec.ImagePreprocessingBenchmark [rounds]
 * </pre>
 */
public final class ImagePreprocessingBenchmark {

    private ImagePreprocessingBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (!SharedModels.present()) {
            System.err.println("../shared/models is absent: nothing to measure");
            return;
        }
        List<byte[]> tiles = read(SharedModels.DATA.resolve("cifar10-samples"), "[a-z]+_\\d\\.png");
        List<byte[]> kitten = List.of(Files.readAllBytes(SharedModels.DATA.resolve("photos/kitten.jpg")));
        List<byte[]> digits = read(SharedModels.model("mnist-lenet").resolve("images"), "digit.*\\.png");
        System.out.printf("%-34s %8s %8s %8s %10s%n", "pictures -> model", "decode", "prepare", "d+p", "inference");
        measure("100 CIFAR tiles, PNG 32x32", tiles, "cifar-resnet20-v1", rounds);
        measure("kitten, JPEG 450x300 -> 32x32", kitten, "cifar-resnet20-v1", rounds * 20);
        // ImageIO writes out every scan of a progressive JPEG (the kitten has 10); the same photo as baseline:
        byte[] baseline = TestPictures.encode(new ImageDecoder(ImageLimits.DEFAULTS.maxPixels())
                .decode(kitten.getFirst(), "kitten"), "jpeg");
        measure("kitten, baseline JPEG", List.of(baseline), "cifar-resnet20-v1", rounds * 20);
        measure("3 LeNet digits, PNG 28x28 grey", digits, "mnist-lenet", rounds * 20);
        System.out.println("(milliseconds per picture, median of " + rounds + "+ rounds; inference at batch 1, "
                + "one thread)");
    }

    private static void measure(String what, List<byte[]> pictures, String modelName, int rounds) throws Exception {
        ModelResolver resolver = new ModelResolver(new ManifestReader(SharedModels.MANIFESTS), new ModelArchive(
                new ModelArchive.Limits(100, 1L << 30, 200)), Files.createTempDirectory("edgeserve-bench-"));
        ModelFiles files = resolver.resolve(new ModelLocation(modelName, SharedModels.model(modelName)));
        ImageSpec spec = files.manifest().image();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS.maxPixels());
        ImagePreprocessing preprocessing = new ImagePreprocessing(spec);
        try (InferenceModel model = new MxnetModelLoader(1).load(files);
                BatchRunner<List<Tensor>, List<Tensor>> runner = model.newRunner()) {
            Shape shape = Shape.ofRows(1, Shape.of(spec.exampleShape()));
            List<Double> decodeMillis = new ArrayList<>();
            List<Double> prepareMillis = new ArrayList<>();
            List<Double> inferenceMillis = new ArrayList<>();
            for (int round = -2; round < rounds; round++) {
                long decodeNanos = 0;
                long prepareNanos = 0;
                long inferenceNanos = 0;
                for (byte[] picture : pictures) {
                    long start = System.nanoTime();
                    BufferedImage image = decoder.decode(picture, "picture");
                    long decoded = System.nanoTime();
                    float[] values = preprocessing.apply(image);
                    long prepared = System.nanoTime();
                    runner.run(List.of(Tensor.ofFloats(shape, values)));
                    long inferred = System.nanoTime();
                    decodeNanos += decoded - start;
                    prepareNanos += prepared - decoded;
                    inferenceNanos += inferred - prepared;
                }
                if (round >= 0) {
                    decodeMillis.add(decodeNanos / 1e6 / pictures.size());
                    prepareMillis.add(prepareNanos / 1e6 / pictures.size());
                    inferenceMillis.add(inferenceNanos / 1e6 / pictures.size());
                }
            }
            double decode = median(decodeMillis);
            double prepare = median(prepareMillis);
            System.out.printf(Locale.ROOT, "%-34s %8.3f %8.3f %8.3f %10.3f%n",
                    what + " -> " + modelName.replace("cifar-", ""), decode, prepare, decode + prepare,
                    median(inferenceMillis));
        }
    }

    private static List<byte[]> read(Path dir, String pattern) throws IOException {
        List<byte[]> pictures = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(pattern)).sorted().toList()) {
                pictures.add(Files.readAllBytes(file));
            }
        }
        return pictures;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
