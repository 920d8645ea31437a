package io.edgeserve.bench;

import io.edgeserve.SharedModels;
import io.edgeserve.batching.BatchRunner;
import io.edgeserve.inference.InferenceModel;
import io.edgeserve.inference.MxnetModelLoader;
import io.edgeserve.model.ManifestReader;
import io.edgeserve.model.ModelArchive;
import io.edgeserve.model.ModelFiles;
import io.edgeserve.model.ModelLocation;
import io.edgeserve.model.ModelResolver;
import io.edgeserve.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What one batch-1 call of the service's runner costs in CPU when the CPU's caches are as a server leaves them. The
 * engine benchmark calls the runner back to back, so its code and data stay in the caches; a service does its HTTP,
 * codec and batcher work between two calls, and the next call starts cold. This probe calls the runner on one thread
 * with nothing between calls, then with a walk over {@code evict-kb} of memory between calls, and prints the CPU per
 * call (the thread's own CPU time around the call only) of each, after an unmeasured round of both.
 *
 * <p>{@code java ... ColdCacheProbe model=sagemaker-linreg calls=20000 evict-kb=4096 rounds=3}
 */
public final class ColdCacheProbe {

    private ColdCacheProbe() {}

    public static void main(String[] args) throws Exception {
        EngineBenchmark.Arguments arguments = EngineBenchmark.Arguments.parse(args);
        String model = arguments.value("model");
        int calls = Integer.parseInt(arguments.value("calls"));
        int evictKb = Integer.parseInt(arguments.value("evict-kb"));
        int rounds = Integer.parseInt(arguments.optional("rounds").orElse("3"));
        Path workDir = Files.createTempDirectory("edgeserve-cold-cache-");
        ModelResolver resolver = new ModelResolver(new ManifestReader(SharedModels.MANIFESTS),
                new ModelArchive(ModelArchive.Limits.DEFAULT), workDir);
        ModelFiles files = resolver.resolve(new ModelLocation(model, SharedModels.model(model)));
        List<Tensor> input = List.of(BenchModels.batchOf(BenchModels.example(model), 1));
        try (InferenceModel loaded = new MxnetModelLoader(1).load(files);
                BatchRunner<List<Tensor>, List<Tensor>> runner = loaded.newRunner()) {
            Evictor evictor = new Evictor(evictKb * 1024);
            // Unmeasured: the JIT compiles the runner's path and the walk before either is timed.
            microsPerCall(runner, input, calls, null);
            microsPerCall(runner, input, calls, evictor);
            for (int round = 1; round <= rounds; round++) {
                double warm = microsPerCall(runner, input, calls, null);
                double cold = microsPerCall(runner, input, calls, evictor);
                System.out.printf(Locale.ROOT, "%s round %d: %.1f us CPU per call back to back, %.1f us with %d KB "
                        + "walked between calls (%.2fx)%n", model, round, warm, cold, evictKb, cold / warm);
            }
            System.out.println(evictor.checksum() == 42 ? "" : "done");
        }
        Files.deleteIfExists(workDir);
    }

    private static double microsPerCall(BatchRunner<List<Tensor>, List<Tensor>> runner, List<Tensor> input, int calls,
            Evictor evictor) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long inCalls = 0;
        for (int i = 0; i < calls; i++) {
            if (evictor != null) {
                evictor.walk();
            }
            long before = threads.getCurrentThreadCpuTime();
            runner.run(input);
            inCalls += threads.getCurrentThreadCpuTime() - before;
        }
        return inCalls / 1e3 / calls;
    }

    /** Touches one byte per cache line of a buffer larger than the caches, as other work between calls would. */
    private static final class Evictor {

        private final byte[] buffer;
        private long checksum;

        Evictor(int bytes) {
            buffer = new byte[Math.max(bytes, 64)];
        }

        void walk() {
            for (int i = 0; i < buffer.length; i += 64) {
                buffer[i]++;
                checksum += buffer[i];
            }
        }

        long checksum() {
            return checksum;
        }
    }
}
