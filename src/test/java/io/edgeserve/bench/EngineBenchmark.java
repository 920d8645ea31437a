package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.codec.ImageDecoder;
import io.edgeserve.codec.ImageLimits;
import io.edgeserve.codec.ImagePreprocessing;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.MxnetModelLoader;
import io.edgeserve.model.ImageSpec;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelArchive;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's own limit: the service's inference path (MxnetModelLoader, then one runner per worker thread, as
 * each batcher worker owns one) driven in-process with ready-made batches, without HTTP, codecs or the batcher.
 * MXNet reads {@code OMP_NUM_THREADS} once, when it loads, so one JVM measures one OpenMP setting: the
 * orchestrator starts one per setting.
 *
 * <p>Where a model's manifest takes pictures, it also measures what decoding and preprocessing its pictures cost,
 * next to the inference: {@code decode-out=FILE}.
 *
 * <p>{@code java ... EngineBenchmark models=a,b batches=1,4 workers=1,2 seconds=3 warmup=1 out=FILE [decode-out=FILE]}
 */
public final class EngineBenchmark {

    /** Enough calls for the engine to have allocated its buffers and the JIT to have compiled the copies. */
    private static final int MIN_WARM_UP_CALLS = 3;

    private final ModelResolver resolver;
    private final int ompThreads;
    private final Duration measure;
    private final Duration warmUp;

    EngineBenchmark(Path workDir, int ompThreads, Duration measure, Duration warmUp) {
        this.resolver = new ModelResolver(new ManifestReader(SharedModels.MANIFESTS),
                new ModelArchive(ModelArchive.Limits.DEFAULT), workDir);
        this.ompThreads = ompThreads;
        this.measure = measure;
        this.warmUp = warmUp;
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args);
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp == null) {
            // Without it MXNet would pick its own count and the results could not say what they measured.
            throw new IllegalStateException("set OMP_NUM_THREADS (and MXNET_ENGINE_TYPE) before starting this JVM");
        }
        List<Integer> workerCounts = arguments.integers("workers");
        // Only archives are unpacked here, and the benchmark's models are folders: it stays empty.
        Path workDir = Files.createTempDirectory("edgeserve-bench-engine-");
        EngineBenchmark benchmark = new EngineBenchmark(workDir, Integer.parseInt(omp), arguments.duration("seconds"),
                arguments.duration("warmup"));
        Path out = Path.of(arguments.value("out"));
        int mostWorkers = workerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
        MxnetModelLoader loader = new MxnetModelLoader(mostWorkers);
        Path decodeOut = arguments.optional("decode-out").map(Path::of).orElse(null);
        for (String model : arguments.list("models")) {
            for (EnginePoint point : benchmark.run(loader, model, arguments.integers("batches"), workerCounts)) {
                Files.writeString(out, point.toLine() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            if (decodeOut != null) {
                for (DecodePoint point : benchmark.decoding(model)) {
                    Files.writeString(decodeOut, point.toLine() + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
            }
        }
        Files.deleteIfExists(workDir);
    }

    /** Measures every batch size with every worker count, on one loaded copy of the model. */
    List<EnginePoint> run(MxnetModelLoader loader, String model, List<Integer> batchSizes, List<Integer> workerCounts)
            throws Exception {
        ModelFiles files = resolver.resolve(new ModelLocation(model, SharedModels.model(model)));
        Tensor example = BenchModels.example(model);
        List<EnginePoint> points = new ArrayList<>();
        try (InferenceModel loaded = loader.load(files)) {
            for (int workers : workerCounts) {
                for (int batchSize : batchSizes) {
                    EnginePoint point = measure(loaded, model, BenchModels.batchOf(example, batchSize), workers);
                    System.err.printf(Locale.ROOT,
                            "engine %-20s OMP=%d workers=%d batch=%2d  %9.1f images/s  %8.3f ms/batch%n",
                            model, ompThreads, workers, batchSize, point.imagesPerSecond(), point.p50BatchMillis());
                    points.add(point);
                }
            }
        }
        return points;
    }

    /**
     * What the image codec spends on each of the model's pictures before inference, on one thread: decoding, and
     * preprocessing as the model's manifest says. None for a model whose manifest takes no pictures.
     */
    List<DecodePoint> decoding(String model) throws IOException {
        ModelFiles files = resolver.resolve(new ModelLocation(model, SharedModels.model(model)));
        ImageSpec spec = files.manifest().image();
        if (spec == null) {
            return List.of();
        }
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS.maxPixels());
        ImagePreprocessing preprocessing = new ImagePreprocessing(spec);
        List<DecodePoint> points = new ArrayList<>();
        for (Map.Entry<String, Path> picture : BenchModels.pictures(model).entrySet()) {
            byte[] bytes = Files.readAllBytes(picture.getValue());
            long warmUpEndNanos = System.nanoTime() + warmUp.toNanos();
            for (int calls = 0; calls < MIN_WARM_UP_CALLS || System.nanoTime() - warmUpEndNanos < 0; calls++) {
                preprocessing.apply(decoder.decode(bytes, picture.getKey()));
            }
            List<Long> decodeNanos = new ArrayList<>();
            List<Long> preprocessNanos = new ArrayList<>();
            long endNanos = System.nanoTime() + measure.toNanos();
            long now;
            do {
                long start = System.nanoTime();
                BufferedImage image = decoder.decode(bytes, picture.getKey());
                long decoded = System.nanoTime();
                preprocessing.apply(image);
                now = System.nanoTime();
                decodeNanos.add(decoded - start);
                preprocessNanos.add(now - decoded);
            } while (now - endNanos < 0);
            DecodePoint point = new DecodePoint(model, picture.getKey(), median(decodeNanos) / 1e6,
                    median(preprocessNanos) / 1e6);
            System.err.printf(Locale.ROOT, "decode %-20s %-12s  decode %7.3f ms  preprocess %7.3f ms%n",
                    model, picture.getKey(), point.p50DecodeMillis(), point.p50PreprocessMillis());
            points.add(point);
        }
        return points;
    }

    private static long median(List<Long> nanos) {
        return nanos.stream().sorted().toList().get(nanos.size() / 2);
    }

    private EnginePoint measure(InferenceModel model, String name, Tensor batch, int workers) throws Exception {
        AtomicLong measureStartNanos = new AtomicLong();
        // Every worker warms up on its own runner, then all start measuring at the same moment.
        CyclicBarrier start = new CyclicBarrier(workers, () -> measureStartNanos.set(System.nanoTime()));
        List<Callable<WorkerResult>> tasks = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            tasks.add(() -> runWorker(model, batch, start, measureStartNanos));
        }
        List<WorkerResult> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
            for (Future<WorkerResult> result : pool.invokeAll(tasks)) {
                results.add(result.get());
            }
        }
        long lastEndNanos = results.stream().mapToLong(WorkerResult::endNanos).max().orElseThrow();
        double seconds = (lastEndNanos - measureStartNanos.get()) / 1e9;
        long batches = results.stream().mapToLong(result -> result.batchNanos().length).sum();
        long[] allNanos =
                results.stream().flatMapToLong(result -> Arrays.stream(result.batchNanos())).sorted().toArray();
        double p50Millis = allNanos[allNanos.length / 2] / 1e6;
        int batchSize = Math.toIntExact(batch.shape().rows());
        long cpuNanos = results.stream().mapToLong(WorkerResult::cpuNanos).sum();
        double cpuMillisPerExample = cpuNanos < 0 ? -1 : cpuNanos / 1e6 / (batches * batchSize);
        return new EnginePoint(name, ompThreads, workers, batchSize, batches * batchSize / seconds, p50Millis, batches,
                cpuMillisPerExample);
    }

    /** @param cpuNanos the worker thread's CPU time while it measured */
    private record WorkerResult(long[] batchNanos, long endNanos, long cpuNanos) {
    }

    private WorkerResult runWorker(InferenceModel model, Tensor batch, CyclicBarrier start, AtomicLong startNanos)
            throws Exception {
        List<Tensor> inputs = List.of(batch);
        try (BatchRunner<List<Tensor>, List<Tensor>> runner = model.newRunner()) {
            long warmUpEndNanos = System.nanoTime() + warmUp.toNanos();
            for (int calls = 0; calls < MIN_WARM_UP_CALLS || System.nanoTime() - warmUpEndNanos < 0; calls++) {
                runner.run(inputs);
            }
            awaitAll(start);
            long endNanos = startNanos.get() + measure.toNanos();
            long[] batchNanos = new long[64];
            int count = 0;
            long now;
            long cpuBefore = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            do { // at least one batch, however long it takes
                long before = System.nanoTime();
                runner.run(inputs);
                now = System.nanoTime();
                if (count == batchNanos.length) {
                    batchNanos = Arrays.copyOf(batchNanos, count * 2);
                }
                batchNanos[count++] = now - before;
            } while (now - endNanos < 0);
            long cpuAfter = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            return new WorkerResult(Arrays.copyOf(batchNanos, count), now,
                    cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore);
        }
    }

    private static void awaitAll(CyclicBarrier barrier) throws InterruptedException {
        try {
            barrier.await();
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("another worker failed before measuring started", e);
        }
    }

    /** {@code key=value} command-line arguments; lists are comma-separated. */
    record Arguments(Map<String, String> values) {

        static Arguments parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            for (String arg : args) {
                int equals = arg.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("expected key=value, got '" + arg + "'");
                }
                values.put(arg.substring(0, equals), arg.substring(equals + 1));
            }
            return new Arguments(values);
        }

        Optional<String> optional(String key) {
            return Optional.ofNullable(values.get(key)).filter(value -> !value.isBlank());
        }

        String value(String key) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("missing argument " + key + "=...");
            }
            return value;
        }

        List<String> list(String key) {
            return Arrays.stream(value(key).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        List<Integer> integers(String key) {
            return list(key).stream().map(Integer::valueOf).toList();
        }

        Duration duration(String key) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value(key)) * 1000));
        }
    }
}
