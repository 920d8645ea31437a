package io.edgeserve.inference.precision;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.edgeserve.SharedModels;
import io.edgeserve.inference.format.MxnetCheckpoint;
import io.edgeserve.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Measures one model folder in a fresh JVM, for the numbers a float16 variant is judged by; not a test (tests never
 * assert durations). Prints one line: parameter bytes on disk and in the engine, load time, resident memory before
 * and after loading, after the first batch of 8 and at the end, and the mean latency per image at batch 1 and 8
 * (including the copies between Java and the engine, as a server pays them).
 *
 * <p>Run it once per JVM per folder, so the resident memory is that one model's: with {@code -Xms} equal to
 * {@code -Xmx} and {@code -XX:+AlwaysPreTouch} the Java heap is resident from the start and does not blur the delta.
 * Arguments: {@code MODEL_DIR RUNS}; the probe is the shared CIFAR tiles.
 */
public final class Float16Measurement {

    private static final int WARM_UP_RUNS = 20;

    private Float16Measurement() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        MxnetCheckpoint checkpoint = MxnetCheckpoint.locate(dir);
        CifarSamples samples = CifarSamples.load(SharedModels.DATA.resolve("cifar10-samples"), dir.resolve("synset.txt"));
        Tensor batch1 = samples.images().rows(0, 1);
        Tensor batch8 = samples.images().rows(0, 8);

        // Load libmxnet and run one op first, so that the resident-memory delta is the model's alone.
        try (NDManager warm = NDManager.newBaseManager(Device.cpu(), "MXNet")) {
            warm.ones(new ai.djl.ndarray.types.Shape(2, 2)).add(1).toFloatArray();
        }
        long rssBeforeKib = residentKib();
        long loadStart = System.nanoTime();
        try (ServedModel model = ServedModel.load(checkpoint)) {
            long loadNanos = System.nanoTime() - loadStart;
            long rssLoadedKib = residentKib();
            model.apply(batch8);
            long rssFirstBatchKib = residentKib();
            double batch1Micros = meanMicrosPerImage(model, batch1, runs);
            double batch8Micros = meanMicrosPerImage(model, batch8, runs);
            System.out.printf(Locale.ROOT,
                    "%s disk_bytes=%d engine_param_bytes=%d load_ms=%.1f rss_before_kib=%d rss_loaded_kib=%d "
                            + "rss_after_batch8_kib=%d rss_end_kib=%d b1_us_per_image=%.1f b8_us_per_image=%.1f%n",
                    dir, Files.size(checkpoint.paramsFile()), model.parameterBytes(), loadNanos / 1e6, rssBeforeKib,
                    rssLoadedKib, rssFirstBatchKib, residentKib(), batch1Micros, batch8Micros);
        }
    }

    private static double meanMicrosPerImage(ServedModel model, Tensor batch, int runs) {
        for (int i = 0; i < WARM_UP_RUNS; i++) {
            model.apply(batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            model.apply(batch);
        }
        return (System.nanoTime() - start) / 1e3 / runs / batch.shape().rows();
    }

    private static long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
