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
 */
public final class NativeEnvironment {

    private static final Logger log = LoggerFactory.getLogger(NativeEnvironment.class);
    static final String ENGINE_TYPE = "MXNET_ENGINE_TYPE";
    static final String OMP_THREADS = "OMP_NUM_THREADS";
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
        log.info("MXNet engine {} with {}={} for {} worker(s)", engine, OMP_THREADS, libc.getenv(OMP_THREADS), workers);
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
