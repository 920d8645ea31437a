package io.edgeserve.bench;

import io.edgeserve.batching.BatchRunner;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.MxnetModelLoader;
import io.edgeserve.model.ModelFolder;
import io.edgeserve.model.ModelManifest;
import io.edgeserve.tensor.DataType;
import io.edgeserve.tensor.Shape;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures what distinct input shapes cost in memory: loads one shared model without a manifest, runs one
 * picture of each of {@code SHAPES} distinct sizes through one runner, and prints the process's RSS as it goes.
 * The per-model cap on cached shapes is the system property {@code edgeserve.models.max-shapes} (0: no cap).
 * Command in docs/performance.md.
 */
public final class ShapeMemory {

    private ShapeMemory() {}

    public static void main(String[] args) throws Exception {
        String name = System.getProperty("model", "cifar-resnet20-v1");
        int shapes = Integer.getInteger("shapes", 200);
        int maxShapes = Integer.getInteger("edgeserve.models.max-shapes", 0);
        Path folder = Path.of(System.getProperty("models", "../shared/models")).resolve(name);
        MxnetModelLoader engine = new MxnetModelLoader(1, maxShapes);
        try (InferenceModel model = engine.load(ModelFolder.read(name, folder, ModelManifest.EMPTY));
                BatchRunner<List<Tensor>, List<Tensor>> runner = model.newRunner()) {
            List<long[]> sizes = sizes(shapes);
            System.out.printf("model %s, %d distinct shapes, cap %s%n", name, shapes, maxShapes == 0 ? "none" : maxShapes);
            System.out.printf("%8s %12s %10s %14s %8s %10s%n", "shapes", "size", "rss MB", "counted MB", "cached",
                    "evictions");
            print(0, "-", model);
            for (int i = 0; i < sizes.size(); i++) {
                long[] hw = sizes.get(i);
                runner.run(List.of(picture(hw[0], hw[1])));
                int done = i + 1;
                if (done <= 4 || Integer.bitCount(done) == 1 || done % 50 == 0 || done == sizes.size()) {
                    print(done, hw[0] + "x" + hw[1], model);
                }
            }
        }
    }

    private static void print(int shapes, String size, InferenceModel model) throws IOException {
        System.out.printf("%8d %12s %10.1f %14.1f %8d %10d%n", shapes, size, rssMegabytes(), model.memoryBytes() / 1e6,
                model.cachedShapes(), model.shapeEvictions());
    }

    /** Distinct picture sizes of about the same area, so that every shape costs about the same. */
    static List<long[]> sizes(int count) {
        List<long[]> sizes = new ArrayList<>(count);
        for (int h = 32; sizes.size() < count; h++) {
            for (int w = 32; w < 48 && sizes.size() < count; w++) {
                sizes.add(new long[] {h, w});
            }
        }
        return sizes;
    }

    private static Tensor picture(long height, long width) {
        int values = Math.toIntExact(3 * height * width);
        ByteBuffer data = ByteBuffer.allocate(values * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values; i++) {
            data.putFloat((i % 255) / 255f);
        }
        return new Tensor(DataType.FLOAT32, Shape.of(1, 3, height, width), data.flip());
    }

    private static double rssMegabytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return -1;
    }
}
