package io.edgeserve.inference;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets MXNet's threading variables before its native library loads, which is the only moment it reads them.
 *
 * <p>Measured on a 2-core machine: one {@code Predictor} per worker under {@code NaiveEngine} with
 * {@code OMP_NUM_THREADS=1} gave the most throughput for every model, and MXNet's default threaded engine
 * with two predictors in one process returned another thread's answer (164 of 307,359 calls). So unless the
 * operator chose otherwise, edgeserve sets {@code MXNET_ENGINE_TYPE=NaiveEngine} and one OpenMP thread per
 * worker's share of the cores; where another engine was chosen, it serves with a single worker.
 *
 * <p>It also bounds what MXNet keeps per input shape. Measured on cifar-resnet20-v1 with 200 distinct picture sizes:
 * RSS grew 160 -> 389 MB, held not by the {@code CachedOp} (with static allocation it keeps the buffers of the last
 * shape only) but by MXNet's MKL-DNN operator caches, one unbounded map per operator kind and thread keyed by shape
 * ({@code MXNET_MKLDNN_CACHE_NUM}, unlimited by default), and oneDNN's process-wide primitive cache
 * ({@code DNNL_PRIMITIVE_CACHE_CAPACITY}, 1024 primitives by default). Neither can be emptied through MXNet's API,
 * nor by ending the thread (measured: RSS kept growing), so their sizes are set here, before the library loads, from
 * the shapes a model may keep: with both bounded RSS stayed at 203 MB after 200 shapes.
 */
public final class NativeEnvironment {

    private static final Logger log = LoggerFactory.getLogger(NativeEnvironment.class);
    static final String ENGINE_TYPE = "MXNET_ENGINE_TYPE";
    static final String OMP_THREADS = "OMP_NUM_THREADS";
    static final String MKLDNN_CACHE = "MXNET_MKLDNN_CACHE_NUM";
    static final String PRIMITIVE_CACHE = "DNNL_PRIMITIVE_CACHE_CAPACITY";
    /**
     * MKL-DNN operators of one kind kept per input shape. A shape here is a whole batch's (batch size included), and
     * one shape of resnet20 alone needs about 7 convolutions. At 2 per shape (16 for the 8 shapes kept by default)
     * the caches thrashed under load: every batch rebuilt primitives, and resnet20 `.npy` at c=32 ran at 553 req/s
     * and 3.4 ms of CPU per request; at 16 (128) it ran at 877 req/s and 2.2 ms (unbounded: 957 and 2.0), measured
     * side by side on one machine (docs/performance.md, "MKL-DNN caches").
     */
    static final int OPERATORS_PER_SHAPE = 16;
    /** oneDNN primitives of all kinds kept per input shape in the process-wide primitive cache (512 for 8 shapes). */
    static final int PRIMITIVES_PER_SHAPE = 64;
    private static final String NAIVE = "NaiveEngine";

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }

    private static boolean prepared;
    private static boolean naiveEngine;

    private NativeEnvironment() {}

    /**
     * Chooses the engine settings for {@code workers} workers; call before the first DJL engine use.
     * Later calls change nothing: the library has loaded by then.
     */
    public static synchronized void prepare(int workers) {
        prepare(workers, MxnetModelLoader.DEFAULT_MAX_SHAPES);
    }

    /**
     * Chooses the engine settings for {@code workers} workers and {@code maxShapes} shapes kept per model (the
     * configured {@code edgeserve.models.max-shapes}); settings the operator made in the environment are kept.
     */
    public static synchronized void prepare(int workers, int maxShapes) {
        if (prepared) {
            return;
        }
        prepared = true;
        LibC libc = Native.load("c", LibC.class);
        String engine = libc.getenv(ENGINE_TYPE);
        if (engine == null || engine.isBlank()) {
            libc.setenv(ENGINE_TYPE, NAIVE, 1);
            engine = NAIVE;
        }
        naiveEngine = NAIVE.equals(engine);
        if (libc.getenv(OMP_THREADS) == null) {
            int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, workers));
            libc.setenv(OMP_THREADS, Integer.toString(threads), 1);
        }
        if (maxShapes > 0 && libc.getenv(MKLDNN_CACHE) == null) {
            libc.setenv(MKLDNN_CACHE, Integer.toString(maxShapes * OPERATORS_PER_SHAPE), 1);
        }
        if (maxShapes > 0 && libc.getenv(PRIMITIVE_CACHE) == null) {
            libc.setenv(PRIMITIVE_CACHE, Integer.toString(maxShapes * PRIMITIVES_PER_SHAPE), 1);
        }
        log.info("MXNet engine {} with {}={} for {} worker(s), {}={}, {}={}", engine, OMP_THREADS, libc.getenv(OMP_THREADS),
                workers, MKLDNN_CACHE, libc.getenv(MKLDNN_CACHE), PRIMITIVE_CACHE, libc.getenv(PRIMITIVE_CACHE));
        if (!naiveEngine && workers > 1) {
            log.warn("{}={} is not safe with several predictors in one process; serving with one worker per model",
                    ENGINE_TYPE, engine);
        }
    }

    /** The number of workers that is safe under the engine in force. */
    public static synchronized int safeWorkers(int requested) {
        return prepared && !naiveEngine ? 1 : requested;
    }
}
