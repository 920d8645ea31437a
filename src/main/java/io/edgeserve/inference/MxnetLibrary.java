package io.edgeserve.inference;

import ai.djl.engine.Engine;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MXNet's native library and DJL's engine around it, loaded once per process. The load is a large share of
 * start-up and needs nothing from Spring, so the application starts it on a thread of its own as soon as the
 * settings are read ({@link #loadInBackground}) and the first model waits for it ({@link #await}); where nothing
 * started it early, the first model loads it. Its one rule: it loads after {@link NativeEnvironment#prepare} has
 * fixed MXNet's threading variables, the only moment MXNet reads them.
 */
public final class MxnetLibrary {

    private static final Logger log = LoggerFactory.getLogger(MxnetLibrary.class);
    private static final String ENGINE = "MXNet";

    /** Completes once the engine has loaded; null until something asked for it. Guarded by the class. */
    private static CompletableFuture<Void> loaded;

    private MxnetLibrary() {}

    /**
     * Starts loading the library on a daemon thread, for {@code workers} workers per model each keeping executors for
     * {@code maxShapes} input shapes; later calls do nothing.
     */
    public static void loadInBackground(int workers, int maxShapes) {
        CompletableFuture<Void> started = start(workers, maxShapes);
        if (started != null) {
            Thread.ofPlatform().name("mxnet-library").daemon().start(() -> load(started, "in the background"));
        }
    }

    /**
     * Returns once the library has loaded, loading it on this thread where nothing has started it.
     *
     * @throws LinkageError or a {@link RuntimeException} where it failed to load, now or on the background thread
     */
    public static void await(int workers, int maxShapes) {
        CompletableFuture<Void> started = start(workers, maxShapes);
        if (started != null) {
            load(started, "with the first model");
        }
        CompletableFuture<Void> future;
        synchronized (MxnetLibrary.class) {
            future = loaded;
        }
        try {
            future.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case Error error -> throw error;
                case RuntimeException runtime -> throw runtime;
                default -> throw e;
            }
        }
    }

    /** The future to complete when this caller is the first, after preparing MXNet's environment; else null. */
    private static synchronized CompletableFuture<Void> start(int workers, int maxShapes) {
        if (loaded != null) {
            return null;
        }
        NativeEnvironment.prepare(workers, maxShapes);
        loaded = new CompletableFuture<>();
        return loaded;
    }

    private static void load(CompletableFuture<Void> future, String how) {
        long start = System.nanoTime();
        try {
            Engine engine = Engine.getEngine(ENGINE);
            log.info("MXNet native library loaded in {} ms ({}): MXNet {}", (System.nanoTime() - start) / 1_000_000, how,
                    engine.getVersion());
            future.complete(null);
        } catch (RuntimeException | Error e) {
            log.error("MXNet's native library did not load", e);
            future.completeExceptionally(e);
        }
    }
}
